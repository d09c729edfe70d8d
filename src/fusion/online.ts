import { MtrecError } from "../errors.js";
import { CrossEntropy } from "./cem.js";
import { fuse, type Requests, rankWithin, type TaskScores } from "./fuse.js";
import { evaluateRanking } from "./offline.js";
import { selectRequests } from "./requests.js";
import type { FusionType } from "./tune.js";

/** Fresh requests from a live system: the model's scores, and what the users would do and their true chances. */
export interface LiveBatch {
  requests: Requests;
  scores: TaskScores;
  /** Per action: 1 where the candidate gets the action if shown, drawn once per batch. */
  outcomes: Record<string, ArrayLike<number>>;
  /** Per action: its true probability if shown, for the noise-free expected value. */
  chances: Record<string, ArrayLike<number>>;
  /** Per request, a user segment, where the system knows one (personalised fusion uses it). */
  segments?: ArrayLike<number>;
}

/** Anything that serves fresh requests; the funnel simulator is one (see funnel-live.ts). */
export interface LiveSystem {
  draw(requests: number): Promise<LiveBatch>;
}

export interface OnlineOptions {
  fusion: FusionType;
  values: Record<string, number>;
  k: number;
  rounds: number;
  /** M, arms (weight vectors, like A/B buckets) per round, and the P best that update the search. */
  arms: number;
  elite: number;
  /** Requests each arm serves per round: its traffic, and so its metric's noise. */
  requestsPerArm: number;
  /** Requests of the fixed batch the expected value of the search's mean is measured on each round. */
  evaluationRequests: number;
  seed: number;
  /** The search's starting mean (default 1 per task) and std (default 0.5). */
  start?: Record<string, number>;
  std?: number;
  /**
   * Floor on each σ (default 0.2, for weights of order 1). With noisy metrics the elite is partly luck and σ shrinks
   * faster than the mean moves; the floor keeps the search exploring instead of settling early.
   */
  minStd?: number;
  /** CEM smoothing α (default 0.6). */
  smoothing?: number;
}

export interface OnlineRound {
  round: number;
  /** The business metric (value per request) each arm recorded, with its noise: mean and best over the arms. */
  meanMetric: number;
  bestMetric: number;
  /** The search mean μ after the round, and its expected value per request under the true chances. */
  weights: Record<string, number>;
  expected: number;
}

export interface OnlineResult {
  curve: OnlineRound[];
  weights: Record<string, number>;
  /** Expected value per request of the final μ, and of equal weights, on the same evaluation requests. */
  expected: number;
  equal: number;
  /** Arms run and requests served in all. */
  evaluations: number;
  requests: number;
}

/**
 * The cross-entropy method driven by simulated online experiments: each round, each of M arms
 * ranks its own fresh requests, the users' drawn responses in its top K give its metric (with
 * the noise small buckets have), and the P best arms move the search. The curve reports, per
 * round, the metric the arms saw and the expected value of the search mean on a fixed batch,
 * which is what the noisy metric estimates.
 */
export async function simulateOnline(system: LiveSystem, o: OnlineOptions): Promise<OnlineResult> {
  for (const name of ["rounds", "arms", "elite", "requestsPerArm", "evaluationRequests"] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 1)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: fusion simulate: ${name} must be a whole number ≥ 1, got ${o[name]}`);
  }
  const held = await system.draw(o.evaluationRequests);
  const tasks = Object.keys(held.scores);
  const expectedOf = (weights: Record<string, number>) =>
    expectedValue(held, rankWithin(fuse(held.scores, held.requests, { type: o.fusion, weights }), held.requests), o);
  const equal = expectedOf(Object.fromEntries(tasks.map((t) => [t, 1])));
  const cem = new CrossEntropy({
    tasks,
    mean: Object.fromEntries(tasks.map((t) => [t, o.start?.[t] ?? 1])),
    std: Object.fromEntries(tasks.map((t) => [t, o.std ?? 0.5])),
    arms: o.arms,
    elite: o.elite,
    positive: true,
    minStd: o.minStd ?? 0.2,
    smoothing: o.smoothing ?? 0.6,
    seed: o.seed,
  });
  const curve: OnlineRound[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    const arms = cem.ask();
    const batch = await system.draw(o.arms * o.requestsPerArm);
    const metrics = arms.map((weights, a) => {
      const bucket = selectBatch(
        batch,
        Int32Array.from({ length: o.requestsPerArm }, (_, r) => a * o.requestsPerArm + r),
      );
      const ranking = rankWithin(fuse(bucket.scores, bucket.requests, { type: o.fusion, weights }), bucket.requests);
      return evaluateRanking(ranking, bucket.requests, bucket.outcomes, { k: o.k, values: o.values }).value;
    });
    cem.tell(arms.map((weights, a) => ({ weights, objective: metrics[a] as number })));
    const mean = cem.state().mean;
    const weights = Object.fromEntries(tasks.map((t) => [t, Math.max(0, mean[t] as number)]));
    curve.push({
      round,
      meanMetric: metrics.reduce((s, m) => s + m, 0) / metrics.length,
      bestMetric: Math.max(...metrics),
      weights,
      expected: expectedOf(weights),
    });
  }
  const last = curve[curve.length - 1] as OnlineRound;
  return {
    curve,
    weights: last.weights,
    expected: last.expected,
    equal,
    evaluations: o.rounds * o.arms,
    requests: o.rounds * o.arms * o.requestsPerArm,
  };
}

/** Σ_k value_k · Σ over each request's top K of P(action k): the value per request a ranking earns on average. */
export function expectedValue(batch: LiveBatch, ranking: Int32Array, o: { values: Record<string, number>; k: number }): number {
  const { offsets } = batch.requests;
  const count = offsets.length - 1;
  let total = 0;
  for (const [action, value] of Object.entries(o.values)) {
    const chance = batch.chances[action];
    if (chance === undefined)
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: fusion: value for "${action}", which the live system does not report; it reports ${Object.keys(batch.chances).join(", ")}`,
      );
    for (let r = 0; r < count; r++) {
      const end = Math.min(offsets[r + 1] as number, (offsets[r] as number) + o.k);
      for (let j = offsets[r] as number; j < end; j++) total += value * (chance[ranking[j] as number] as number);
    }
  }
  return count > 0 ? total / count : Number.NaN;
}

/** The requests `ids` of a batch, laid out contiguously. */
export function selectBatch(batch: LiveBatch, ids: ArrayLike<number>): LiveBatch {
  const part = <K extends string>(columns: Record<K, ArrayLike<number>>) => selectRequests(columns, batch.requests, ids);
  const scores = part(batch.scores);
  const out: LiveBatch = {
    requests: scores.requests,
    scores: scores.columns,
    outcomes: part(batch.outcomes).columns,
    chances: part(batch.chances).columns,
  };
  if (batch.segments) out.segments = Int32Array.from(ids, (id) => batch.segments?.[id] as number);
  return out;
}
