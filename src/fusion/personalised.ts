import { MtrecError } from "../errors.js";
import { fuse, type Requests, type TaskScores } from "./fuse.js";
import { evaluateFusion } from "./offline.js";
import { selectRequests } from "./requests.js";
import { type FusionType, objectiveValue, type TuneInput, type TuneOptions, type TuneResult, tuneFusion } from "./tune.js";

/** Weights per segment (a user feature), and the global weights for segments too small to tune alone. */
export interface SegmentWeights {
  global: Record<string, number>;
  bySegment: Map<number, Record<string, number>>;
}

export interface PersonalisedResult extends SegmentWeights {
  /** The global search the segments start from. */
  globalResult: TuneResult;
  /** Per tuned segment: its requests and its objective with its own and with the global weights, on the tuning requests. */
  segments: { segment: number; requests: number; objective: number; globalObjective: number }[];
  /** Arms evaluated in all: the global search's and every segment's. */
  evaluations: number;
}

/**
 * Personalised fusion as one search per user segment: a global search first (or `o.global`), then a CEM run
 * per segment with at least `minRequests` requests, started at the global weights, on that
 * segment's requests only. A segment keeps its own weights only where they beat the global
 * ones on its requests. Judge the result on requests it was not tuned on (see
 * {@link segmentObjective}): with fewer requests per search, per-segment weights overfit.
 */
export async function tunePersonalised(
  input: TuneInput,
  segments: ArrayLike<number>,
  o: TuneOptions & { minRequests?: number; global?: TuneResult },
): Promise<PersonalisedResult> {
  const count = input.requests.offsets.length - 1;
  if (segments.length !== count)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: fusion: ${segments.length} segment values for ${count} requests`);
  const minRequests = o.minRequests ?? 50;
  // a global search already run on the same requests (by grid or CEM) is reused, not repeated
  const globalResult = o.global ?? (await tuneFusion(input, o));
  const members = new Map<number, number[]>();
  for (let r = 0; r < count; r++) {
    const s = segments[r] as number;
    if (!members.has(s)) members.set(s, []);
    members.get(s)?.push(r);
  }
  const bySegment = new Map<number, Record<string, number>>();
  const tuned: PersonalisedResult["segments"] = [];
  let evaluations = globalResult.evaluations;
  for (const [segment, ids] of [...members].sort((a, b) => a[0] - b[0])) {
    if (ids.length < minRequests) continue;
    const sub = subset(input, ids);
    const r = await tuneFusion(sub, { ...o, method: "cem", start: globalResult.weights, seed: o.seed + 1 + segment });
    evaluations += r.evaluations;
    const globalObjective = segmentObjective(sub, new Int32Array(ids.length), { global: globalResult.weights, bySegment: new Map() }, o);
    const own = r.objective > globalObjective;
    if (own) bySegment.set(segment, r.weights);
    tuned.push({ segment, requests: ids.length, objective: own ? r.objective : globalObjective, globalObjective });
  }
  return { global: globalResult.weights, bySegment, globalResult, segments: tuned, evaluations };
}

/** The objective of fusing each request with its segment's weights (the global ones where the segment has none). */
export function segmentObjective(
  input: TuneInput,
  segments: ArrayLike<number>,
  weights: SegmentWeights,
  o: Pick<TuneOptions, "fusion" | "values" | "k" | "objective">,
): number {
  const fused = fuseBySegment(input.scores, input.requests, segments, weights, o.fusion);
  return objectiveValue(evaluateFusion(fused, input.requests, input.labels, { k: o.k, values: o.values }), o.objective);
}

/** Fuses each request with its segment's weights (the global ones where the segment has none). */
export function fuseBySegment(
  scores: TaskScores,
  requests: Requests,
  segments: ArrayLike<number>,
  weights: SegmentWeights,
  fusion: FusionType,
): Float64Array {
  const { offsets } = requests;
  const count = offsets.length - 1;
  if (segments.length !== count)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: fusion: ${segments.length} segment values for ${count} requests`);
  const fused = fuse(scores, requests, { type: fusion, weights: weights.global });
  for (const [segment, w] of weights.bySegment) {
    const own = fuse(scores, requests, { type: fusion, weights: w });
    for (let r = 0; r < count; r++) {
      if (segments[r] !== segment) continue;
      for (let j = offsets[r] as number; j < (offsets[r + 1] as number); j++) fused[j] = own[j] as number;
    }
  }
  return fused;
}

/** The requests `ids` of `input`, laid out contiguously. */
export function subset(input: TuneInput, ids: ArrayLike<number>): TuneInput {
  const scores = selectRequests(input.scores, input.requests, ids);
  const labels = selectRequests(input.labels, input.requests, ids);
  return { scores: scores.columns, requests: scores.requests, labels: labels.columns };
}
