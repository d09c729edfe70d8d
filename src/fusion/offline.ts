import { MtrecError } from "../errors.js";
import { checkRequests, type Requests, rankWithin } from "./fuse.js";

export type FusionEvaluation = { ndcg: Record<string, number>; recall: Record<string, number>; value: number };
export type EvaluationOptions = { k: number; values: Record<string, number> };

/** Ranks each request by its fused scores (ties by candidate index), then evaluates that ranking. */
export function evaluateFusion(
  fused: Float32Array | Float64Array,
  requests: Requests,
  labels: Record<string, ArrayLike<number>>,
  options: EvaluationOptions,
): FusionEvaluation {
  return evaluateRanking(rankWithin(fused, requests), requests, labels, options);
}

/**
 * Offline metrics of a ranking (laid out as rankWithin returns it) against logged 0/1 labels per task.
 * - ndcg[task]: mean over requests with at least one positive of DCG@K / IDCG@K, with gain 1 / log2(rank + 1)
 *   for a positive at 1-based rank; IDCG puts all positives first. NaN when no request has a positive.
 * - recall[task]: mean over the same requests of (positives in the top K) / (positives in the request).
 * - value: Σ_k values[k] · (candidates with action k in the top K), averaged over all requests, positives or not.
 */
export function evaluateRanking(
  ranking: Int32Array,
  requests: Requests,
  labels: Record<string, ArrayLike<number>>,
  options: EvaluationOptions,
): FusionEvaluation {
  const { k, values } = options;
  if (!Number.isInteger(k) || k < 1) throw new MtrecError("BAD_ARGUMENT", `mtrec: evaluateFusion: k must be a whole number ≥ 1, got ${k}`);
  const tasks = Object.keys(labels);
  for (const task of Object.keys(values)) {
    if (!(task in labels))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: evaluateFusion: value for unknown task "${task}"; labelled tasks: ${tasks.join(", ")}`);
  }
  for (const task of tasks) {
    if (!Number.isFinite(values[task]))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: evaluateFusion: no finite value for task "${task}"; give one (0 to ignore it)`);
  }
  const n = checkRequests(requests, labels, tasks);
  if (ranking.length !== n)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: evaluateFusion: the ranking has ${ranking.length} entries for ${n} candidates`);
  for (const task of tasks) {
    const y = labels[task]!;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 0 && y[i] !== 1)
        throw new MtrecError("BAD_DATA", `mtrec: evaluateFusion: label of task "${task}", candidate ${i}: expected 0 or 1, got ${y[i]}`);
    }
  }
  const { offsets } = requests;
  const requestCount = offsets.length - 1;
  const ndcg: Record<string, number> = {};
  const recall: Record<string, number> = {};
  let value = 0;
  for (const task of tasks) {
    const y = labels[task]!;
    let ndcgSum = 0;
    let recallSum = 0;
    let used = 0;
    let hitsTotal = 0;
    for (let r = 0; r < requestCount; r++) {
      const { hits, positives, dcg, idcg } = topK(y, ranking, offsets[r]!, offsets[r + 1]!, k);
      hitsTotal += hits;
      if (positives === 0) continue;
      ndcgSum += dcg / idcg;
      recallSum += hits / positives;
      used++;
    }
    ndcg[task] = used > 0 ? ndcgSum / used : Number.NaN;
    recall[task] = used > 0 ? recallSum / used : Number.NaN;
    value += values[task]! * hitsTotal;
  }
  return { ndcg, recall, value: requestCount > 0 ? value / requestCount : Number.NaN };
}

/** One task's labels in the top K of one request (candidates start .. end - 1 of the ranking). */
function topK(y: ArrayLike<number>, ranking: Int32Array, start: number, end: number, k: number) {
  let positives = 0;
  for (let j = start; j < end; j++) positives += y[j]!;
  const top = Math.min(k, end - start);
  let dcg = 0;
  let hits = 0;
  for (let j = 0; j < top; j++) {
    if (y[ranking[start + j]!] === 1) {
      dcg += 1 / Math.log2(j + 2);
      hits++;
    }
  }
  let idcg = 0;
  for (let j = 0; j < Math.min(k, positives); j++) idcg += 1 / Math.log2(j + 2);
  return { hits, positives, dcg, idcg };
}

/**
 * The objective request by request, whose mean over the finite entries is what
 * {@link evaluateRanking} reports: the value of each request's top K, or one task's NDCG@K or
 * recall@K (NaN for a request without a positive of that task). For standard errors.
 */
export function requestObjectives(
  ranking: Int32Array,
  requests: Requests,
  labels: Record<string, ArrayLike<number>>,
  options: EvaluationOptions,
  objective: { kind: "value" } | { kind: "ndcg" | "recall"; task: string },
): Float64Array {
  const { offsets } = requests;
  const out = new Float64Array(offsets.length - 1);
  const tasks = objective.kind === "value" ? Object.keys(labels) : [objective.task];
  for (let r = 0; r < out.length; r++) {
    let v = 0;
    for (const task of tasks) {
      const y = labels[task];
      if (!y) throw new MtrecError("BAD_ARGUMENT", `mtrec: requestObjectives: no labels for task "${task}"`);
      const s = topK(y, ranking, offsets[r]!, offsets[r + 1]!, options.k);
      if (objective.kind === "value") v += (options.values[task] ?? 0) * s.hits;
      else v = s.positives === 0 ? Number.NaN : objective.kind === "ndcg" ? s.dcg / s.idcg : s.hits / s.positives;
    }
    out[r] = v;
  }
  return out;
}
