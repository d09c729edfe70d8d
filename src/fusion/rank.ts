import { MtrecError } from "../errors.js";
import { type FusionSpec, fuse, type Requests, rankWithin, type TaskScores } from "./fuse.js";

/**
 * Candidate indices in fused order, best first, within each request; without `requests` all
 * candidates form one request. The one call a ranking service needs after `predict`.
 */
export function rank(scores: TaskScores, spec: FusionSpec, requests?: Requests): Int32Array {
  const first = Object.values(scores)[0];
  if (first === undefined) throw new MtrecError("BAD_ARGUMENT", "mtrec: rank: scores hold no task");
  const r = requests ?? { offsets: Int32Array.of(0, first.length) };
  return rankWithin(fuse(scores, r, spec), r);
}
