import { MtrecError } from "../../errors.js";

/**
 * Euclidean projection of v onto the scaled simplex {x ≥ 0, Σx = total}, by sorting
 * (Duchi et al. 2008; Wang & Carreira-Perpiñán 2013, algorithm 1): the projection is
 * x = max(v − θ, 0) for the one θ that makes the kept part sum to total.
 */
export function projectToSimplex(v: ArrayLike<number>, total = 1): Float64Array {
  if (v.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: projectToSimplex: v is empty; pass at least one coordinate.");
  if (!(total >= 0) || !Number.isFinite(total)) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: projectToSimplex: total must be a finite number ≥ 0, got ${total}.`);
  }
  const sorted = Float64Array.from(v).sort().reverse();
  // The test u_j > (Σ_{i≤j} u_i − total)/j holds for a prefix of the sorted order and fails
  // after it; θ comes from the last j where it holds. With total = 0 it never holds, and
  // θ = max v (the j = 1 value) gives the only feasible point, x = 0.
  let cumulative = 0;
  let theta = sorted[0]! - total;
  for (let j = 0; j < sorted.length; j++) {
    const u = sorted[j]!;
    cumulative += u;
    const candidate = (cumulative - total) / (j + 1);
    if (u > candidate) theta = candidate;
  }
  const x = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) x[i] = Math.max(v[i]! - theta, 0);
  return x;
}
