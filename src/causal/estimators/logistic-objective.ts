/**
 * The penalised logistic objective Σ s_i·(log(1 + e^η_i) − t_i·η_i) + (λ/2)‖w‖², η = b₀ + x·w,
 * with its gradient and Hessian, and the two tests fitLogistic uses to tell a true
 * optimum from coefficients running off to infinity.
 */
export interface Problem {
  x: Float64Array;
  columns: number;
  rows: number;
  t: ArrayLike<number>;
  weights: ArrayLike<number>;
  l2: number;
}

export interface State {
  objective: number;
  gradient: Float64Array;
  /** Lower triangle filled, row-major. */
  hessian: Float64Array;
}

/** Penalised objective, gradient and Hessian in one pass over the rows. */
export function evaluate({ x, columns, rows, t, weights, l2 }: Problem, beta: Float64Array): State {
  const size = columns + 1;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const features = new Float64Array(size);
  features[0] = 1;
  let objective = 0;
  for (let i = 0; i < rows; i++) {
    const s = weights[i] as number;
    if (s === 0) continue;
    let eta = beta[0] as number;
    for (let j = 0; j < columns; j++) {
      features[j + 1] = x[i * columns + j] as number;
      eta += (beta[j + 1] as number) * (x[i * columns + j] as number);
    }
    const label = t[i] as number;
    // log(1 + e^η) − t·η without overflow for large |η|
    objective += s * (Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - label * eta);
    // p and 1 − p each from exp(−|η|), so neither is 1 − (something that rounded to 1)
    const z = Math.exp(-Math.abs(eta));
    const p = eta >= 0 ? 1 / (1 + z) : z / (1 + z);
    const q = eta >= 0 ? z / (1 + z) : 1 / (1 + z);
    const residual = s * (label === 1 ? -q : p);
    const curvature = s * p * q;
    for (let a = 0; a < size; a++) {
      const fa = features[a] as number;
      gradient[a] = (gradient[a] as number) + residual * fa;
      for (let b = 0; b <= a; b++) hessian[a * size + b] = (hessian[a * size + b] as number) + curvature * fa * (features[b] as number);
    }
  }
  for (let j = 1; j < size; j++) {
    const w = beta[j] as number;
    objective += 0.5 * l2 * w * w;
    gradient[j] = (gradient[j] as number) + l2 * w;
    hessian[j * size + j] = (hessian[j * size + j] as number) + l2;
  }
  return { objective, gradient, hessian };
}

/** True when the linear score puts every row with positive weight strictly on its own class's side. */
export function separates({ x, columns, rows, t, weights }: Problem, beta: Float64Array): boolean {
  for (let i = 0; i < rows; i++) {
    if (weights[i] === 0) continue;
    let eta = beta[0] as number;
    for (let j = 0; j < columns; j++) eta += (beta[j + 1] as number) * (x[i * columns + j] as number);
    if (t[i] === 1 ? !(eta > 0) : !(eta < 0)) return false;
  }
  return true;
}

/** max_i |x̃_i·d|: how far a step d would move the most-moved row's linear score. */
export function largestScoreChange({ x, columns, rows }: Problem, direction: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < rows; i++) {
    let change = direction[0] as number;
    for (let j = 0; j < columns; j++) change += (direction[j + 1] as number) * (x[i * columns + j] as number);
    largest = Math.max(largest, Math.abs(change));
  }
  return largest;
}
