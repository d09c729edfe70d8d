import { type ComparisonTable, type TransferFlags, transferFlags } from "../analysis/transfer.js";
import { meanStd } from "../metrics/index.js";
import { parseModelSpec } from "../models/registry.js";
import type { ModelType } from "../models/spec.js";
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

/**
 * Trains every architecture on the same encoded data with seeds 1..n and summarises each
 * task's validation metrics as mean ± std, with the negative-transfer and seesaw flags
 * against the `single` baseline when it is among the models (differences beyond the seeds'
 * noise by Welch's t-test; none with fewer than 3 seeds).
 */
export async function compareModels(config: TrainConfig, opts: CompareOptions): Promise<Comparison> {
  const log = opts.log ?? (() => {});
  const data: PreparedData = await prepareData(config, log);
  const runs: Record<string, Record<string, Record<string, number[]>>> = {};
  for (const type of opts.models) {
    for (let seed = 1; seed <= opts.seeds; seed++) {
      const model = parseModelSpec({ ...(opts.specs?.[type] ?? (config.model.type === type ? config.model : {})), type });
      const r = await trainModel({ ...config, model, train: { ...config.train, seed } }, { progress: false }, data);
      log(
        `${type} seed ${seed}: ${r.tasks.map((t) => `${t.name} ${t.type === "binary" ? `auc ${r.valid.tasks[t.name]?.auc?.toFixed(4)}` : `mse ${r.valid.tasks[t.name]?.mse?.toFixed(4)}`}`).join(", ")} (best epoch ${r.best.epoch})`,
      );
      const byTask = runs[type] ?? {};
      runs[type] = byTask;
      // a funnel model's CVR report is compared like a task of its own, under "cvr"
      const sections = r.valid.cvr ? { ...r.valid.tasks, [CVR_SECTION]: r.valid.cvr } : r.valid.tasks;
      for (const [task, metrics] of Object.entries(sections)) {
        const byMetric = byTask[task] ?? {};
        byTask[task] = byMetric;
        for (const [metric, v] of Object.entries(metrics)) byMetric[metric] = [...(byMetric[metric] ?? []), v];
      }
    }
  }
  const models: ComparisonTable = {};
  for (const [type, tasks] of Object.entries(runs)) {
    models[type] = Object.fromEntries(
      Object.entries(tasks).map(([task, metrics]) => [
        task,
        Object.fromEntries(Object.entries(metrics).map(([m, vs]) => [m, meanStd(vs)])),
      ]),
    );
  }
  const tasks = data.tasks;
  const flagMetric = Object.fromEntries(tasks.map((t) => [t.name, t.type === "binary" ? "auc" : "mse"]));
  return { tasks, models, flags: transferFlags(models, (t) => flagMetric[t] ?? "auc", { seeds: opts.seeds }), flagMetric };
}
