import { MtrecError } from "../errors.js";

/** Candidates grouped into requests, CSR style: request r holds candidates offsets[r] .. offsets[r + 1] - 1. */
export type Requests = { offsets: Int32Array };
/** Per-task scores keyed by task name, one value per candidate. */
export type TaskScores = Record<string, Float32Array | Float64Array>;
/** A monotone (non-decreasing) map applied to each task's score before additive fusion. */
export type Transform = "identity" | "log" | "sqrt" | { power: number } | ((score: number) => number);
/** Per-request, per-task rescaling of the transformed scores before additive fusion. */
export type Normalize = "none" | "minmax" | "zscore";

export type FusionSpec =
  | { type: "multiplicative"; weights: Record<string, number> }
  | { type: "additive"; weights: Record<string, number>; transform?: Transform; normalize?: Normalize }
  | { type: "rank"; weights: Record<string, number>; r0?: number };

/** Scores are clamped to this floor before a logarithm, so a zero score is very bad, not -Infinity. */
export const SCORE_FLOOR = 1e-12;

/**
 * Fuses per-task scores into one score per candidate.
 * - multiplicative: Π_k S_k^{w_k}, computed as exp(Σ_k w_k log max(S_k, 1e-12)).
 * - additive: Σ_k w_k · N(F(S_k)); F is the transform (log and power clamp as above, sqrt clamps at 0) and N the
 *   per-request normalisation of the transformed scores ("minmax" to [0, 1], "zscore" with the population std;
 *   a request whose scores are all equal gets 0).
 * - rank: Σ_k w_k / (rank_k + r0), rank_k the 1-based rank within the request by descending S_k, ties by candidate index.
 */
export function fuse(scores: TaskScores, requests: Requests, spec: FusionSpec): Float64Array {
  const tasks = checkWeights(scores, spec.weights);
  const n = checkRequests(requests, scores, tasks);
  const fused = new Float64Array(n);
  if (spec.type === "multiplicative") {
    for (const task of tasks) {
      const s = scores[task]!;
      const w = spec.weights[task]!;
      for (let i = 0; i < n; i++) fused[i]! += w * Math.log(Math.max(s[i]!, SCORE_FLOOR));
    }
    for (let i = 0; i < n; i++) fused[i] = Math.exp(fused[i]!);
  } else if (spec.type === "additive") {
    const f = transformFunction(spec.transform ?? "identity");
    const normalize = spec.normalize ?? "none";
    if (normalize !== "none" && normalize !== "minmax" && normalize !== "zscore") {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: fuse: normalize must be "none", "minmax" or "zscore", got ${JSON.stringify(normalize)}`);
    }
    const transformed = new Float64Array(n);
    for (const task of tasks) {
      const s = scores[task]!;
      const w = spec.weights[task]!;
      for (let i = 0; i < n; i++) transformed[i] = f(s[i]!);
      if (normalize !== "none") normalizeWithin(transformed, requests.offsets, normalize);
      for (let i = 0; i < n; i++) fused[i]! += w * transformed[i]!;
    }
  } else if (spec.type === "rank") {
    const r0 = spec.r0 ?? 60;
    if (!Number.isFinite(r0) || r0 < 0) throw new MtrecError("BAD_ARGUMENT", `mtrec: fuse: r0 must be a finite number ≥ 0, got ${r0}`);
    for (const task of tasks) {
      const w = spec.weights[task]!;
      const order = rankWithin(scores[task]!, requests);
      const { offsets } = requests;
      for (let r = 0; r + 1 < offsets.length; r++) {
        for (let j = offsets[r]!; j < offsets[r + 1]!; j++) fused[order[j]!]! += w / (j - offsets[r]! + 1 + r0);
      }
    }
  } else {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: fuse: unknown fusion type ${JSON.stringify((spec as { type: unknown }).type)}; known: multiplicative, additive, rank`,
    );
  }
  return fused;
}

/**
 * For each request, its candidates' global indices in descending score; equal scores keep candidate-index order,
 * and NaN scores go last. The result is laid out like the candidates: request r fills offsets[r] .. offsets[r + 1] - 1.
 */
export function rankWithin(scores: ArrayLike<number>, requests: Requests): Int32Array {
  const { offsets } = requests;
  const order = new Int32Array(offsets[offsets.length - 1] ?? 0);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const key = (i: number): number => (Number.isNaN(scores[i]!) ? Number.NEGATIVE_INFINITY : scores[i]!);
  const compare = (a: number, b: number): number => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka > kb ? -1 : 1;
    if (Number.isNaN(scores[a]!) !== Number.isNaN(scores[b]!)) return Number.isNaN(scores[a]!) ? 1 : -1;
    return a - b;
  };
  for (let r = 0; r + 1 < offsets.length; r++) order.subarray(offsets[r]!, offsets[r + 1]!).sort(compare);
  return order;
}

function transformFunction(transform: Transform): (s: number) => number {
  if (typeof transform === "function") return transform;
  if (transform === "identity") return (s) => s;
  if (transform === "log") return (s) => Math.log(Math.max(s, SCORE_FLOOR));
  if (transform === "sqrt") return (s) => Math.sqrt(Math.max(s, 0));
  if (typeof transform === "object" && transform !== null && "power" in transform) {
    const p = transform.power;
    // A non-positive power would reverse or flatten the order, so it is not a monotone transform.
    if (!Number.isFinite(p) || p <= 0) throw new MtrecError("BAD_ARGUMENT", `mtrec: fuse: transform power must be > 0, got ${p}`);
    return (s) => Math.max(s, SCORE_FLOOR) ** p;
  }
  throw new MtrecError(
    "BAD_ARGUMENT",
    `mtrec: fuse: unknown transform ${JSON.stringify(transform)}; known: "identity", "log", "sqrt", { power: p }, or a function`,
  );
}

function normalizeWithin(values: Float64Array, offsets: Int32Array, normalize: "minmax" | "zscore"): void {
  for (let r = 0; r + 1 < offsets.length; r++) {
    const part = values.subarray(offsets[r]!, offsets[r + 1]!);
    if (part.length === 0) continue;
    if (normalize === "minmax") {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of part) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const range = max - min;
      for (let i = 0; i < part.length; i++) part[i] = range > 0 ? (part[i]! - min) / range : 0;
    } else {
      let mean = 0;
      for (const v of part) mean += v;
      mean /= part.length;
      let variance = 0;
      for (const v of part) variance += (v - mean) * (v - mean);
      const std = Math.sqrt(variance / part.length);
      for (let i = 0; i < part.length; i++) part[i] = std > 0 ? (part[i]! - mean) / std : 0;
    }
  }
}

function checkWeights(scores: TaskScores, weights: Record<string, number>): string[] {
  if (typeof weights !== "object" || weights === null) throw new MtrecError("BAD_ARGUMENT", "mtrec: fuse: spec.weights must be an object");
  const tasks = Object.keys(scores);
  if (tasks.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: fuse: scores hold no task");
  for (const task of Object.keys(weights)) {
    if (!(task in scores))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: fuse: weight for unknown task "${task}"; scored tasks: ${tasks.join(", ")}`);
    if (!Number.isFinite(weights[task]!))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: fuse: weight for task "${task}" must be finite, got ${weights[task]}`);
  }
  for (const task of tasks) {
    if (!(task in weights))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: fuse: no weight for task "${task}"; give one (0 to ignore the task)`);
  }
  return tasks;
}

/** Checks the request offsets and that every task has one score per candidate; returns the candidate count. */
export function checkRequests(requests: Requests, columns: Record<string, ArrayLike<number>>, tasks: string[]): number {
  const { offsets } = requests;
  if (!(offsets instanceof Int32Array) || offsets.length === 0 || offsets[0] !== 0) {
    throw new MtrecError("BAD_ARGUMENT", "mtrec: requests.offsets must be an Int32Array of requests + 1 entries starting at 0");
  }
  for (let r = 0; r + 1 < offsets.length; r++) {
    if (offsets[r + 1]! < offsets[r]!)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: requests.offsets must not decrease, but entry ${r + 1} is below entry ${r}`);
  }
  const n = offsets[offsets.length - 1]!;
  for (const task of tasks) {
    const length = columns[task]!.length;
    if (length !== n)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: task "${task}" has ${length} values but the requests hold ${n} candidates`);
  }
  return n;
}
