import { type ComparisonTable, type TransferFlags, transferFlags } from "../analysis/transfer.js";
import { meanStd } from "../metrics/index.js";
import { parseModelSpec } from "../models/registry.js";
import type { ModelSpec, ModelType } from "../models/spec.js";
import type { TaskSpec } from "../models/types.js";
import type { TrainConfig } from "./config.js";
import { type PreparedData, prepareData, trainModel } from "./trainer.js";

/** Where a comparison keeps the funnel models' CVR bias report beside the tasks. */
export const CVR_SECTION = "cvr";

export interface CompareOptions {
  models: ModelType[];
  seeds: number;
  /** Options per architecture (e.g. sizes); default: the config's model options for its own type, defaults for the rest. */
  specs?: Partial<Record<ModelType, Record<string, unknown>>>;
  log?: (line: string) => void;
}

export interface Comparison {
  tasks: TaskSpec[];
  models: ComparisonTable;
  flags: TransferFlags;
  /** The metric each task's flags compare. */
  flagMetric: Record<string, string>;
}

/** What one (architecture, seed) run of a comparison or sweep reports: plain numbers, so a queued job can carry it. */
export interface RunResult {
  /** Validation metrics per task, and a funnel model's CVR report under {@link CVR_SECTION}. */
  sections: Record<string, Record<string, number>>;
  best: { epoch: number; task: string; metric: string; higherIsBetter: boolean; value: number };
}

/**
 * One run of a comparison: `config` with `model` and `seed`, on data prepared from `config`.
 * A queued job calls this too, so a queued comparison's numbers are the local one's.
 */
export async function compareRun(config: TrainConfig, model: ModelSpec, seed: number, data: PreparedData): Promise<RunResult> {
  const r = await trainModel({ ...config, model, train: { ...config.train, seed } }, { progress: false }, data);
  // a funnel model's CVR report is compared like a task of its own, under "cvr"
  const sections = r.valid.cvr ? { ...r.valid.tasks, [CVR_SECTION]: r.valid.cvr } : r.valid.tasks;
  const { task, metric, higherIsBetter } = r.best.monitor;
  return {
    sections: sections as Record<string, Record<string, number>>,
    best: { epoch: r.best.epoch, task, metric, higherIsBetter, value: r.best.value },
  };
}

/** The line a comparison prints as each run ends. */
export function describeRun(type: string, seed: number, tasks: TaskSpec[], r: RunResult): string {
  const metric = (t: TaskSpec) =>
    t.type === "binary" ? `auc ${r.sections[t.name]?.auc?.toFixed(4)}` : `mse ${r.sections[t.name]?.mse?.toFixed(4)}`;
  return `${type} seed ${seed}: ${tasks.map((t) => `${t.name} ${metric(t)}`).join(", ")} (best epoch ${r.best.epoch})`;
}

/** Each architecture's spec in a comparison: `specs` for it, else the config's own when of that type, else defaults. */
export function comparedSpec(config: TrainConfig, type: ModelType, specs?: CompareOptions["specs"]): ModelSpec {
  return parseModelSpec({ ...(specs?.[type] ?? (config.model.type === type ? config.model : {})), type });
}

/**
 * Mean ± std of every metric over the seeds, per architecture, with the negative-transfer and
 * seesaw flags. `runs` come in the order the local loop makes them (architecture, then seed),
 * which fixes the order of every sum.
 */
export function summarizeRuns(tasks: TaskSpec[], runs: { type: ModelType; result: RunResult }[], seeds: number): Comparison {
  const byModel: Record<string, Record<string, Record<string, number[]>>> = {};
  for (const { type, result } of runs) {
    const byTask = byModel[type] ?? {};
    byModel[type] = byTask;
    for (const [task, metrics] of Object.entries(result.sections)) {
      const byMetric = byTask[task] ?? {};
      byTask[task] = byMetric;
      for (const [metric, v] of Object.entries(metrics)) byMetric[metric] = [...(byMetric[metric] ?? []), v];
    }
  }
  const models: ComparisonTable = {};
  for (const [type, byTask] of Object.entries(byModel)) {
    models[type] = Object.fromEntries(
      Object.entries(byTask).map(([task, metrics]) => [
        task,
        Object.fromEntries(Object.entries(metrics).map(([m, vs]) => [m, meanStd(vs)])),
      ]),
    );
  }
  const flagMetric = Object.fromEntries(tasks.map((t) => [t.name, t.type === "binary" ? "auc" : "mse"]));
  return { tasks, models, flags: transferFlags(models, (t) => flagMetric[t] ?? "auc", { seeds }), flagMetric };
}

/**
 * Trains every architecture on the same encoded data with seeds 1..n and summarises each
 * task's validation metrics as mean ± std, with the negative-transfer and seesaw flags
 * against the `single` baseline when it is among the models (differences beyond the seeds'
 * noise by Welch's t-test; none with fewer than 3 seeds).
 */
export async function compareModels(config: TrainConfig, opts: CompareOptions): Promise<Comparison> {
  const log = opts.log ?? (() => {});
  const data: PreparedData = await prepareData(config, log);
  const runs: { type: ModelType; result: RunResult }[] = [];
  for (const type of opts.models) {
    for (let seed = 1; seed <= opts.seeds; seed++) {
      const result = await compareRun(config, comparedSpec(config, type, opts.specs), seed, data);
      log(describeRun(type, seed, data.tasks, result));
      runs.push({ type, result });
    }
  }
  return summarizeRuns(data.tasks, runs, opts.seeds);
}
