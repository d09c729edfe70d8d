import { meanStd } from "../../metrics/index.js";
import type { RunResult } from "../../train/compare.js";
import type { TrainConfig } from "../../train/config.js";
import { runTrainJob, type TrainRunOutcome } from "../jobs/train-run.js";
import { PreparedCache } from "../prepared-cache.js";
import { trainRunJob } from "../train-jobs.js";
import { configAtPoint } from "./config-point.js";
import { describePoint, type GridAxis, type GridPoint, gridPoints, samplePoints } from "./grid.js";

export interface SweepOptions {
  grid: GridAxis[];
  /** Random search: this many distinct points of the grid instead of all of them. */
  samples?: number;
  /** Seed of the draw of `samples` points. */
  sampleSeed?: number;
  /** Runs per point, seeds 1..n. */
  seeds: number;
  /** Run each (point, seed) as a job on this Redis; without it they run here, one after another. */
  queue?: string;
  log?: (line: string) => void;
  progress?: (line: string) => void;
  pollMs?: number;
}

export interface SweepPointResult {
  point: GridPoint;
  /** The monitored metric of each seed's kept epoch, seeds 1..n. */
  values: number[];
  mean: number;
  std: number;
}

export interface SweepResult {
  /** What the points are ranked by: the metric early stopping watches (by default the mean over tasks of AUC or MSE). */
  monitor: { task: string; metric: string; higherIsBetter: boolean };
  points: SweepPointResult[];
  /** Index into `points` of the best mean. */
  best: number;
  bestConfig: TrainConfig;
}

function better(a: number, b: number, higherIsBetter: boolean): boolean {
  if (Number.isNaN(a)) return false;
  return Number.isNaN(b) || (higherIsBetter ? a > b : a < b);
}

/**
 * Trains `base` at each point of the grid over seeds 1..n and ranks the points by the mean of
 * the monitored metric. Every point's config is validated before anything runs. Queued or
 * not, each run is the same job function, so the numbers agree.
 */
export async function sweep(base: TrainConfig, o: SweepOptions): Promise<SweepResult> {
  const all = gridPoints(o.grid);
  const points = o.samples === undefined ? all : samplePoints(all, o.samples, o.sampleSeed ?? 1);
  const configs = points.map((p) => configAtPoint(base, p));
  const runs = configs.flatMap((config, point) => Array.from({ length: o.seeds }, (_, i) => ({ point, config, seed: i + 1 })));
  const label = (r: (typeof runs)[number]) => `${describePoint(points[r.point] as GridPoint)} seed ${r.seed}`;
  const report = (r: (typeof runs)[number], result: RunResult) =>
    o.log?.(`${label(r)}: ${result.best.task === "*" ? "mean" : result.best.task} ${result.best.metric} ${result.best.value.toFixed(4)}`);
  let results: RunResult[];
  if (o.queue) {
    // BullMQ and ioredis load only for a queued sweep: a local one never touches Redis
    const { runQueued } = await import("../submit.js");
    const jobs = await Promise.all(runs.map((r) => trainRunJob(r.config, r.config.model, r.seed, label(r))));
    const outcomes = (await runQueued(o.queue, jobs, {
      progress: o.progress,
      pollMs: o.pollMs,
      onDone: (job, value) => report(runs[jobs.indexOf(job)] as (typeof runs)[number], (value as TrainRunOutcome).result),
    })) as TrainRunOutcome[];
    results = outcomes.map((x) => x.result);
  } else {
    const cache = new PreparedCache(o.log);
    results = [];
    for (const r of runs) {
      const { result } = await runTrainJob({ config: r.config, model: r.config.model, seed: r.seed }, cache);
      report(r, result);
      results.push(result);
    }
  }
  const summaries = points.map((point, i) => {
    const values = results.slice(i * o.seeds, (i + 1) * o.seeds).map((r) => r.best.value);
    return { point, values, ...meanStd(values) };
  });
  const first = results[0]?.best ?? { task: "*", metric: "auc", higherIsBetter: true };
  const monitor = { task: first.task, metric: first.metric, higherIsBetter: first.higherIsBetter };
  let best = 0;
  for (let i = 1; i < summaries.length; i++)
    if (better((summaries[i] as SweepPointResult).mean, (summaries[best] as SweepPointResult).mean, monitor.higherIsBetter)) best = i;
  return { monitor, points: summaries, best, bestConfig: configs[best] as TrainConfig };
}
