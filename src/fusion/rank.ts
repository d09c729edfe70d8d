import { MtrecError } from "../errors.js";
import { type FusionSpec, fuse, type Requests, rankWithin, type TaskScores } from "./fuse.js";

/** Per-task scores, bare or as a model's `predict` / `predictFile` returns them (under `scores`). */
export type ScoresInput = TaskScores | { scores: TaskScores };

/**
 * The scores the weights name. Scores without a weight are left out, as `mtrec predict --fuse`
 * leaves them out: a funnel model also predicts its heads (ctr, cvr, ctcvr) beside its tasks,
 * and a fusion over click and purchase should not have to name them.
 */
export function weightedScores(input: ScoresInput, weights: Record<string, number>): TaskScores {
  const scores = isNested(input) ? input.scores : input;
  const names = Object.keys(scores);
  if (names.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: rank: scores hold no task");
  const tasks = Object.keys(weights);
  if (tasks.length === 0) throw new MtrecError("BAD_ARGUMENT", `mtrec: rank: the fusion weights name no task; scored: ${names.join(", ")}`);
  for (const task of tasks) {
    if (!(task in scores))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: rank: weight for unknown task "${task}"; scored: ${names.join(", ")}`);
  }
  return Object.fromEntries(tasks.map((t) => [t, scores[t] as Float32Array | Float64Array]));
}

function isNested(input: ScoresInput): input is { scores: TaskScores } {
  const inner = (input as { scores?: unknown }).scores;
  // a task named "scores" holds an array; a predictions object holds a map of them
  return typeof inner === "object" && inner !== null && !ArrayBuffer.isView(inner);
}

/**
 * Candidate indices in fused order, best first, within each request; without `requests` all
 * candidates form one request. The one call a ranking service needs after `predict`: takes
 * what `predict` returns, and fuses the tasks `spec.weights` names.
 */
export function rank(scores: ScoresInput, spec: FusionSpec, requests?: Requests): Int32Array {
  return rankFused(scores, spec, requests).order;
}

/** {@link rank} with the fused score of every candidate (in candidate order), as a ranking service answers. */
export function rankFused(scores: ScoresInput, spec: FusionSpec, requests?: Requests): { order: Int32Array; fused: Float64Array } {
  const weighted = weightedScores(scores, spec.weights);
  const first = Object.values(weighted)[0] as Float32Array | Float64Array;
  const r = requests ?? { offsets: Int32Array.of(0, first.length) };
  const fused = fuse(weighted, r, spec);
  return { order: rankWithin(fused, r), fused };
}
