import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import type { EvalReport } from "./evaluate.js";

/** Metrics where a lower value is better; every other metric is better higher. */
const LOWER_IS_BETTER = new Set(["logloss", "mse", "rmse", "mae", "ks_gap"]);

export interface Monitor {
  /** A task's name, or "*" for the mean over every task. */
  task: string;
  metric: string;
  higherIsBetter: boolean;
}

/** Watches every task at once: the mean of one metric over them. */
export const ALL_TASKS = "*";

/**
 * The metric early stopping watches: the given task and metric; by default the mean over
 * tasks of AUC (binary) or MSE (regression) when all tasks are of one kind, so no task is
 * favoured, else the first task's.
 */
export function monitorFor(tasks: TaskSpec[], task?: string, metric?: string): Monitor {
  const oneKind = tasks.every((x) => x.type === tasks[0]?.type);
  if ((task === undefined && oneKind) || task === ALL_TASKS) {
    if (!oneKind)
      throw new MtrecError(
        "BAD_CONFIG",
        `mtrec: early stopping over every task ("${ALL_TASKS}") needs tasks of one kind; name one task instead`,
      );
    const m = metric ?? (tasks[0]?.type === "regression" ? "mse" : "auc");
    return { task: ALL_TASKS, metric: m, higherIsBetter: !LOWER_IS_BETTER.has(m) };
  }
  const t = task ? tasks.find((x) => x.name === task) : tasks[0];
  if (!t)
    throw new MtrecError(
      "BAD_CONFIG",
      `mtrec: early stopping watches task "${task}", which is not a task (tasks: ${tasks.map((x) => x.name).join(", ")})`,
    );
  const m = metric ?? (t.type === "binary" ? "auc" : "mse");
  return { task: t.name, metric: m, higherIsBetter: !LOWER_IS_BETTER.has(m) };
}

export function monitoredValue(report: EvalReport, m: Monitor): number {
  if (m.task === ALL_TASKS) {
    const names = Object.keys(report.tasks);
    return names.reduce((s, t) => s + monitoredValue(report, { ...m, task: t }), 0) / names.length;
  }
  const v = report.tasks[m.task]?.[m.metric];
  if (v === undefined) {
    throw new MtrecError(
      "BAD_CONFIG",
      `mtrec: early stopping watches metric "${m.metric}" of task "${m.task}", which it does not have (it has: ${Object.keys(report.tasks[m.task] ?? {}).join(", ")})`,
    );
  }
  return v;
}

export function improves(m: Monitor, value: number, best: number | undefined): boolean {
  if (Number.isNaN(value)) return false;
  if (best === undefined || Number.isNaN(best)) return true;
  return m.higherIsBetter ? value > best : value < best;
}
