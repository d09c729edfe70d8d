/**
 * The eigendecomposition of a small symmetric matrix by cyclic Jacobi rotations, and the
 * Moore–Penrose solve built on it. Jacobi is slow for big matrices but needs no pivoting
 * logic and finds tiny eigenvalues to an absolute accuracy of about eps·‖A‖, which is what
 * deciding "this eigenvalue is zero" needs; the weighting solvers only use (T+1)×(T+1).
 */

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

export interface SymmetricEigen {
  /** Eigenvalues, unsorted. */
  values: Float64Array;
  /** Row-major n×n; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/** A = V·diag(values)·Vᵀ for a row-major symmetric n×n matrix a (a is not modified). */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let frobenius = 0;
  for (let i = 0; i < n * n; i++) frobenius += m[i]! * m[i]!;
  // Rounding keeps the off-diagonal mass near eps·‖A‖ however long we rotate; below that the
  // eigenvalues are as exact as the entries themselves (Weyl), so stop there.
  const offTarget = EPS * EPS * frobenius;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! * m[p * n + q]!;
    if (off <= offTarget) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        rotate(m, v, n, p, q, apq);
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i]!;
  return { values, vectors: v };
}

/** One Jacobi rotation J(p, q) chosen so that (JᵀMJ)_pq = 0; V accumulates J. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number, apq: number): void {
  const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
  // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle ≤ π/4, which is what makes
  // cyclic Jacobi converge; for huge θ, θ² would overflow, and t ≈ 1/(2θ).
  const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p]!;
    const mkq = m[k * n + q]!;
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k]!;
    const mqk = m[q * n + k]!;
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  m[p * n + q] = 0;
  m[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/**
 * x = A⁺b for a symmetric n×n matrix A, where eigenvalues with |λ| ≤ relativeTolerance·max|λ|
 * count as zero: the entries of A carry rounding of about eps·‖A‖, so an eigenvalue that
 * small is noise, and inverting it would swamp x.
 */
export function pseudoInverseSolve(a: ArrayLike<number>, n: number, b: ArrayLike<number>, relativeTolerance = 1e-12): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  const x = new Float64Array(n);
  if (largest === 0) return x;
  for (let k = 0; k < n; k++) {
    const lambda = values[k]!;
    if (Math.abs(lambda) <= relativeTolerance * largest) continue;
    let projection = 0;
    for (let i = 0; i < n; i++) projection += vectors[i * n + k]! * b[i]!;
    const scale = projection / lambda;
    for (let i = 0; i < n; i++) x[i] = x[i]! + scale * vectors[i * n + k]!;
  }
  return x;
}
