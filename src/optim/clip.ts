import type { Parameter } from "../nn/parameter.js";

/**
 * Scales every gradient (dense grads and sparse rows' values) by one factor so that their
 * global L2 norm is at most `maxNorm`, and returns the norm before scaling. A non-finite
 * norm is returned as is, for the caller to skip the step; gradients are then left alone.
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number): number {
  let sumOfSquares = 0;
  for (const param of params) {
    if (param.opts.buffer) continue;
    const grad = gradientOf(param);
    for (let i = 0; i < grad.length; i++) {
      const g = grad[i] as number;
      sumOfSquares += g * g;
    }
  }
  const norm = Math.sqrt(sumOfSquares);
  if (!(norm > maxNorm) || !Number.isFinite(norm)) return norm;
  const scale = maxNorm / norm;
  for (const param of params) {
    if (param.opts.buffer) continue;
    const grad = gradientOf(param);
    for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) * scale;
  }
  return norm;
}

function gradientOf(param: Parameter): Float32Array {
  return param.sparse ? (param.sparseGrad?.values ?? param.grad) : param.grad;
}
