/**
 * Solves A·z = b for a symmetric positive-definite A (n × n, row-major; only the lower
 * triangle is read) by Cholesky, A = L·Lᵀ. Returns undefined when a pivot is not clearly
 * positive — below 1e-12 of the largest diagonal entry — so the caller can name the cause
 * (collinear columns, separation) in its own terms instead of returning Infinity or NaN.
 */
export function choleskySolve(a: Float64Array, n: number, b: Float64Array): Float64Array | undefined {
  let largestDiagonal = 0;
  for (let i = 0; i < n; i++) largestDiagonal = Math.max(largestDiagonal, a[i * n + i] as number);
  const floor = 1e-12 * largestDiagonal;
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (lower[i * n + k] as number) * (lower[j * n + k] as number);
      if (i === j) {
        if (!(sum > floor)) return undefined;
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / (lower[j * n + j] as number);
      }
    }
  }
  const z = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let sum = z[i] as number;
    for (let k = 0; k < i; k++) sum -= (lower[i * n + k] as number) * (z[k] as number);
    z[i] = sum / (lower[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (lower[k * n + i] as number) * (z[k] as number);
    z[i] = sum / (lower[i * n + i] as number);
  }
  return z;
}
