/**
 * PE-LTR weights (Lin et al., RecSys 2019, "A Pareto-Efficient Algorithm for Multiple Objective
 * Optimization in E-Commerce Recommendation"): the ω minimising ‖Σ_t ω_t g_t‖² subject to Σω = 1
 * and ω_t ≥ c_t, for the T×P matrix G of per-task gradients on the shared parameters.
 */
import { MtrecError } from "../../errors.js";
import { projectToSimplex } from "./simplex.js";
import { pseudoInverseSolve } from "./symmetric-eigen.js";

// 2^T candidate active sets: fine for the handful of tasks a recommender has, hopeless past this.
const MAX_EXACT_TASKS = 12;
// A candidate may undershoot its bound by this much (relative to the free mass 1 − Σc) and still
// count as feasible: solves of well-posed subproblems are exact to far better than this.
const FEASIBILITY_TOLERANCE = 1e-10;

/** ‖Σ_t w_t g_t‖², the quantity both solvers minimise. */
export function combinedGradientNormSquared(G: readonly ArrayLike<number>[], w: ArrayLike<number>): number {
  const width = G[0]?.length ?? 0;
  let total = 0;
  for (let k = 0; k < width; k++) {
    let combined = 0;
    for (let t = 0; t < G.length; t++) combined += w[t]! * G[t]![k]!;
    total += combined * combined;
  }
  return total;
}

/** The paper's Pareto step: the equality-constrained optimum, projected back onto the bounds. */
export function peLtrPaper(G: readonly ArrayLike<number>[], c: readonly number[]): Float64Array {
  const free = checkProblem(G, c);
  const A = scaledGram(G);
  const all = Array.from({ length: G.length }, (_, t) => t);
  // The projection is Euclidean in ω̂, not in the metric GGᵀ of the objective, which is why this
  // is exact for two tasks (a segment) and only an approximation once bounds bind with three or more.
  const shifted = projectToSimplex(solveShifted(A, c, all), free);
  return Float64Array.from(shifted, (value, t) => value + c[t]!);
}

/**
 * The exact minimiser of the same problem. At an optimal vertex the tasks above their bound
 * solve the equality-constrained problem on their own with the others held at c, and that
 * solution is unique there; so trying every set of free tasks, keeping the feasible solutions
 * and taking the lowest objective finds the optimum, also when G is rank-deficient.
 */
export function peLtrExact(G: readonly ArrayLike<number>[], c: readonly number[]): Float64Array {
  const free = checkProblem(G, c);
  const T = G.length;
  if (T > MAX_EXACT_TASKS) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: peLtrExact: ${T} tasks is more than the ${MAX_EXACT_TASKS} it enumerates; use peLtrPaper.`,
    );
  }
  const A = scaledGram(G);
  let best: Float64Array | undefined;
  let bestObjective = Number.POSITIVE_INFINITY;
  for (let mask = 1; mask < 1 << T; mask++) {
    const freeTasks: number[] = [];
    for (let t = 0; t < T; t++) if (mask & (1 << t)) freeTasks.push(t);
    const shifted = solveShifted(A, c, freeTasks);
    if (Math.min(...shifted) < -FEASIBILITY_TOLERANCE * free) continue;
    const w = Float64Array.from(c);
    freeTasks.forEach((t, i) => {
      w[t] = c[t]! + Math.max(shifted[i]!, 0);
    });
    restoreSum(w, c);
    const objective = quadraticForm(A, w);
    if (objective < bestObjective) {
      bestObjective = objective;
      best = w;
    }
  }
  // The optimal set is a polytope, and at any vertex of it the tasks above their bound form a
  // set whose subproblem has that vertex as its unique solution, so a candidate always survives.
  if (best === undefined) throw new MtrecError("INTERNAL", "mtrec: peLtrExact: no active set gave a feasible point; please report this G.");
  return best;
}

function checkProblem(G: readonly ArrayLike<number>[], c: readonly number[]): number {
  if (G.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: PE-LTR: G has no task rows; pass one gradient row per task.");
  if (c.length !== G.length) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: PE-LTR: c has ${c.length} lower bounds for ${G.length} task rows of G; pass one per task.`,
    );
  }
  const width = G[0]!.length;
  G.forEach((row, t) => {
    if (row.length !== width) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: PE-LTR: row ${t} of G has ${row.length} entries, row 0 has ${width}; all rows must match.`,
      );
    }
  });
  let bound = 0;
  c.forEach((value, t) => {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: PE-LTR: c[${t}] must be a finite number ≥ 0, got ${value}.`);
    }
    bound += value;
  });
  if (bound >= 1) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: PE-LTR: the lower bounds c sum to ${bound}, which leaves no room for Σω = 1; keep Σc < 1.`,
    );
  }
  return 1 - bound;
}

/**
 * GGᵀ divided by its largest diagonal entry. The minimiser does not change, but the KKT
 * matrix mixes GGᵀ with a border of ones: with large gradients its small eigenvalues would
 * fall under the pseudo-inverse's relative cut-off and be dropped.
 */
function scaledGram(G: readonly ArrayLike<number>[]): Float64Array {
  const T = G.length;
  const A = new Float64Array(T * T);
  let largest = 0;
  for (let s = 0; s < T; s++) {
    for (let t = s; t < T; t++) {
      let dot = 0;
      for (let k = 0; k < G[s]!.length; k++) dot += G[s]![k]! * G[t]![k]!;
      A[s * T + t] = dot;
      A[t * T + s] = dot;
    }
    largest = Math.max(largest, A[s * T + s]!);
  }
  if (largest > 0) for (let i = 0; i < A.length; i++) A[i] = A[i]! / largest;
  return A;
}

/**
 * ω̂_F for the tasks F, with the rest held at their bounds: the paper's system
 * [[A_FF, 1], [1ᵀ, 0]]·[ω̂_F; λ] = [−(Ac)_F; 1 − Σc], solved with the pseudo-inverse so that a
 * singular A (identical or zero gradients) gives the minimum-norm solution instead of NaN.
 */
function solveShifted(A: Float64Array, c: readonly number[], freeTasks: readonly number[]): Float64Array {
  const T = c.length;
  const n = freeTasks.length + 1;
  const kkt = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  freeTasks.forEach((s, i) => {
    freeTasks.forEach((t, j) => {
      kkt[i * n + j] = A[s * T + t]!;
    });
    kkt[i * n + n - 1] = 1;
    kkt[(n - 1) * n + i] = 1;
    let Ac = 0;
    for (let t = 0; t < T; t++) Ac += A[s * T + t]! * c[t]!;
    rhs[i] = -Ac;
  });
  rhs[n - 1] = 1 - c.reduce((sum, value) => sum + value, 0);
  return pseudoInverseSolve(kkt, n, rhs).subarray(0, n - 1);
}

/** Clipping a near-feasible candidate adds up to T·tolerance; take it off the task with most slack. */
function restoreSum(w: Float64Array, c: readonly number[]): void {
  let excess = -1;
  let roomiest = 0;
  for (let t = 0; t < w.length; t++) {
    excess += w[t]!;
    if (w[t]! - c[t]! > w[roomiest]! - c[roomiest]!) roomiest = t;
  }
  w[roomiest] = w[roomiest]! - excess;
}

function quadraticForm(A: Float64Array, w: Float64Array): number {
  const T = w.length;
  let total = 0;
  for (let s = 0; s < T; s++) for (let t = 0; t < T; t++) total += w[s]! * A[s * T + t]! * w[t]!;
  return total;
}
