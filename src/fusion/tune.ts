import { MtrecError } from "../errors.js";
import { CrossEntropy } from "./cem.js";
import { fuse, type Requests, type TaskScores } from "./fuse.js";
import { gridSearch } from "./grid.js";
import { evaluateFusion } from "./offline.js";

export interface TuneInput {
  /** Each task's score per candidate, candidates grouped by request. */
  scores: TaskScores;
  requests: Requests;
  /** Each action's 0/1 label per candidate, in the same order. */
  labels: Record<string, ArrayLike<number>>;
}

export interface TuneOptions {
  method: "grid" | "cem";
  fusion: "multiplicative" | "additive" | "rank";
  /** The value of each action in the objective Σ value_k · (actions k in the top K). */
  values: Record<string, number>;
  k: number;
  seed: number;
  /** grid: points per task over [0, max]; cem: rounds. */
  steps?: number;
  max?: number;
  rounds?: number;
}

export interface TuneResult {
  method: "grid" | "cem";
  weights: Record<string, number>;
  objective: number;
  evaluations: number;
  /** The objective of equal weights, for comparison. */
  equal: number;
}

/** Fusion weights that maximise the value objective of the fused top-K on logged requests. */
export function tuneFusion(input: TuneInput, o: TuneOptions): Promise<TuneResult> | TuneResult {
  const tasks = Object.keys(input.scores);
  if (tasks.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: fusion tune: no task scores to fuse");
  const objective = (weights: Record<string, number>) =>
    evaluateFusion(fuse(input.scores, input.requests, { type: o.fusion, weights } as never), input.requests, input.labels, {
      k: o.k,
      values: o.values,
    }).value;
  const equal = objective(Object.fromEntries(tasks.map((t) => [t, 1])));
  if (o.method === "grid") {
    const max = o.max ?? 2;
    const steps = o.steps ?? 5;
    const r = gridSearch(Object.fromEntries(tasks.map((t) => [t, { min: 0, max, steps }])), objective);
    return { method: "grid", ...r, equal };
  }
  const cem = new CrossEntropy({
    tasks,
    mean: Object.fromEntries(tasks.map((t) => [t, 1])),
    std: Object.fromEntries(tasks.map((t) => [t, 0.5])),
    arms: 20,
    elite: 5,
    positive: true,
    seed: o.seed,
  });
  return cem
    .run(objective, { rounds: o.rounds ?? 15, tolerance: 1e-3 })
    .then((r) => ({ method: "cem" as const, weights: r.weights, objective: r.objective, evaluations: r.evaluations, equal }));
}
