import { welchTest } from "./welch.js";

export interface Summary {
  mean: number;
  std: number;
}

/** Per model, per task, per metric: the mean and standard deviation over seeds. */
export type ComparisonTable = Record<string, Record<string, Record<string, Summary>>>;

export interface TransferFlag {
  model: string;
  task: string;
  metric: string;
  /** The model's mean against the single-task baseline's mean. */
  value: number;
  baseline: number;
  /** Welch's t statistic of model against baseline, and its two-sided p-value. */
  t: number;
  p: number;
}

export interface TransferFlags {
  /** A task doing worse in the shared model than alone, beyond the seeds' noise. */
  negativeTransfer: TransferFlag[];
  /** A model where some task gains significantly over the baseline while another loses significantly. */
  seesaw: { model: string; up: string[]; down: string[] }[];
  /** How a difference is judged to be beyond the seeds' noise. */
  test: string;
  /** Why nothing was flagged, when nothing could be (too few seeds, no baseline). */
  note?: string;
}

export interface TransferOptions {
  /** Runs per model (seeds); each summary is over this many. */
  seeds: number;
  baseline?: string;
  /** Two-sided level of the test (default 0.05). */
  alpha?: number;
}

/** Below this many seeds the standard deviation is too rough to judge a difference by: nothing is flagged. */
export const MIN_SEEDS = 3;

const LOWER_IS_BETTER = new Set(["logloss", "mse", "rmse", "mae"]);

/**
 * Compares each model's per-task metric with the `single` baseline's: the question the
 * MMoE and PLE papers ask of shared architectures. `metricOf` picks the metric per task
 * (AUC for binary tasks, MSE for regression). A task is up or down only where Welch's t-test
 * over the seeds rejects equal means at `alpha`: a difference within the runs' own spread says
 * nothing about the architecture.
 */
export function transferFlags(table: ComparisonTable, metricOf: (task: string) => string, o: TransferOptions): TransferFlags {
  const baseline = o.baseline ?? "single";
  const alpha = o.alpha ?? 0.05;
  const test = `Welch's t-test over ${o.seeds} seeds per model, two-sided, α = ${alpha}`;
  const flags: TransferFlags = { negativeTransfer: [], seesaw: [], test };
  const base = table[baseline];
  if (!base) return { ...flags, note: `no "${baseline}" baseline among the models: nothing to compare with` };
  if (o.seeds < MIN_SEEDS)
    return {
      ...flags,
      note: `${o.seeds} seed${o.seeds === 1 ? "" : "s"} per model: too few to tell a difference from seed noise, so nothing is flagged (give ${MIN_SEEDS} or more)`,
    };
  for (const [model, tasks] of Object.entries(table)) {
    if (model === baseline) continue;
    const up: string[] = [];
    const down: string[] = [];
    for (const [task, metrics] of Object.entries(tasks)) {
      const metric = metricOf(task);
      const value = metrics[metric];
      const alone = base[task]?.[metric];
      if (value === undefined || alone === undefined || Number.isNaN(value.mean) || Number.isNaN(alone.mean)) continue;
      const { t, p } = welchTest({ ...value, n: o.seeds }, { ...alone, n: o.seeds });
      if (!(p < alpha)) continue;
      const better = LOWER_IS_BETTER.has(metric) ? value.mean < alone.mean : value.mean > alone.mean;
      if (better) up.push(task);
      else {
        down.push(task);
        flags.negativeTransfer.push({ model, task, metric, value: value.mean, baseline: alone.mean, t, p });
      }
    }
    if (up.length > 0 && down.length > 0) flags.seesaw.push({ model, up, down });
  }
  return flags;
}
