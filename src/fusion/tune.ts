import { MtrecError } from "../errors.js";
import { CrossEntropy } from "./cem.js";
import { type FusionSpec, fuse, type Requests, type TaskScores } from "./fuse.js";
import { gridSearch } from "./grid.js";
import { evaluateFusion, type FusionEvaluation } from "./offline.js";

export interface TuneInput {
  /** Each task's score per candidate, candidates grouped by request. */
  scores: TaskScores;
  requests: Requests;
  /** Each action's 0/1 label per candidate, in the same order. */
  labels: Record<string, ArrayLike<number>>;
}

/** What a search maximises: the value of the top K (default), or one task's NDCG@K or recall@K. */
export type FusionObjective = { kind: "value" } | { kind: "ndcg" | "recall"; task: string };

export type FusionType = FusionSpec["type"];

export interface TuneOptions {
  method: "grid" | "cem";
  fusion: FusionType;
  /** The value of each action in the objective Σ value_k · (actions k in the top K). */
  values: Record<string, number>;
  k: number;
  seed: number;
  objective?: FusionObjective;
  /** grid: points per task over [0, max]; cem: rounds. */
  steps?: number;
  max?: number;
  rounds?: number;
  /** cem: the starting mean (default 1 per task) and std (default 0.5). */
  start?: Record<string, number>;
  std?: number;
  /** cem: arms per round (default 20) and the elite that updates the search (default a quarter). */
  arms?: number;
  elite?: number;
  /** Told every weight vector the search evaluates, in order, with its objective (a report draws the search from them). */
  onEvaluate?: (weights: Record<string, number>, objective: number) => void;
}

export interface TuneResult {
  method: "grid" | "cem";
  weights: Record<string, number>;
  objective: number;
  evaluations: number;
  /** The objective of equal weights, for comparison. */
  equal: number;
}

/** Parses "value", "ndcg:<task>" or "recall:<task>". */
export function parseObjective(text: string): FusionObjective {
  if (text === "value") return { kind: "value" };
  const [kind, task] = text.split(":");
  if ((kind === "ndcg" || kind === "recall") && task) return { kind, task };
  throw new MtrecError("BAD_ARGUMENT", `mtrec: objective "${text}" is not value, ndcg:<task> or recall:<task>`);
}

/** The number `objective` picks from an evaluation. */
export function objectiveValue(e: FusionEvaluation, objective: FusionObjective = { kind: "value" }): number {
  if (objective.kind === "value") return e.value;
  const v = e[objective.kind][objective.task];
  if (v === undefined)
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: objective ${objective.kind}:${objective.task} names no labelled task; tasks: ${Object.keys(e.ndcg).join(", ")}`,
    );
  return v;
}

/** The objective of fusing `input` with `weights`. */
export function fusionObjective(input: TuneInput, o: Pick<TuneOptions, "fusion" | "values" | "k" | "objective">) {
  return (weights: Record<string, number>): number =>
    objectiveValue(
      evaluateFusion(fuse(input.scores, input.requests, { type: o.fusion, weights }), input.requests, input.labels, {
        k: o.k,
        values: o.values,
      }),
      o.objective,
    );
}

/**
 * Fusion weights that maximise the objective of the fused top-K on logged requests; never all
 * zero (equal weights where the search found nothing else).
 */
export async function tuneFusion(input: TuneInput, o: TuneOptions): Promise<TuneResult> {
  const tasks = Object.keys(input.scores);
  if (tasks.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: fusion tune: no task scores to fuse");
  const score = fusionObjective(input, o);
  const equalWeights = Object.fromEntries(tasks.map((t) => [t, 1]));
  const equal = score(equalWeights);
  // all-zero weights fuse every candidate to one score, so the "ranking" is the input order: never a result
  const objective = (weights: Record<string, number>): number => {
    const value = Object.values(weights).every((w) => w === 0) ? Number.NEGATIVE_INFINITY : score(weights);
    o.onEvaluate?.(weights, value);
    return value;
  };
  const orEqual = (r: TuneResult): TuneResult =>
    Object.values(r.weights).every((w) => w === 0) ? { ...r, weights: equalWeights, objective: equal } : r;
  if (o.method === "grid") {
    const max = o.max ?? 2;
    const steps = o.steps ?? 5;
    const r = gridSearch(Object.fromEntries(tasks.map((t) => [t, { min: 0, max, steps }])), objective);
    return orEqual({ method: "grid", ...r, equal });
  }
  const arms = o.arms ?? 20;
  const cem = new CrossEntropy({
    tasks,
    mean: Object.fromEntries(tasks.map((t) => [t, o.start?.[t] ?? 1])),
    std: Object.fromEntries(tasks.map((t) => [t, o.std ?? 0.5])),
    arms,
    elite: o.elite ?? Math.max(1, Math.round(arms / 4)),
    positive: true,
    seed: o.seed,
  });
  const r = await cem.run(objective, { rounds: o.rounds ?? 15, tolerance: 1e-3 });
  return orEqual({ method: "cem", weights: r.weights, objective: r.objective, evaluations: r.evaluations, equal });
}
