/**
 * PCGrad (Yu et al., NeurIPS 2020, "Gradient Surgery for Multi-Task Learning"): each task's
 * gradient loses its component along every other task's gradient it conflicts with.
 */
import { MtrecError } from "../../errors.js";
import type { Rng } from "../../nn/rng.js";

export type GradientRows = readonly (Float64Array | Float32Array)[];

/**
 * g_i^PC for every task i: the other tasks are visited in a seeded random order, and whenever
 * g_i^PC · g_j < 0 the part along g_j is removed. As in the paper's algorithm 1 the projection
 * is against the original g_j, not g_j^PC.
 */
export function projectConflicting(grads: GradientRows, rng: Rng): Float64Array[] {
  if (grads.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: pcgrad: grads is empty; pass one gradient per task.");
  const width = grads[0]!.length;
  grads.forEach((g, t) => {
    if (g.length !== width) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: pcgrad: gradient ${t} has ${g.length} entries, gradient 0 has ${width}; all must match.`,
      );
    }
  });
  const squaredNorms = grads.map((g) => dot(g, g));
  return grads.map((g, i) => {
    const projected = Float64Array.from(g);
    const others = rng.shuffle(Int32Array.from({ length: grads.length - 1 }, (_, k) => (k < i ? k : k + 1)));
    for (const j of others) {
      const other = grads[j]!;
      const overlap = dot(projected, other);
      // A zero g_j has overlap 0, so the division below never meets a zero norm.
      if (overlap < 0) {
        const scale = overlap / squaredNorms[j]!;
        for (let k = 0; k < width; k++) projected[k] = projected[k]! - scale * other[k]!;
      }
    }
    return projected;
  });
}

/** The PCGrad update: Σ_i g_i^PC. */
export function pcgrad(grads: GradientRows, rng: Rng): Float64Array {
  const projected = projectConflicting(grads, rng);
  const sum = new Float64Array(projected[0]!.length);
  for (const g of projected) for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + g[k]!;
  return sum;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < a.length; k++) total += a[k]! * b[k]!;
  return total;
}
