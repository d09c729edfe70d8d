import type { DataSource, EncodedData, FittedSchema } from "../data/types.js";
import type { MultiTaskModel, TaskSpec } from "../models/types.js";
import { transformsOf } from "../weighting/registry.js";
import { type Predictions, predict } from "./evaluate.js";
import type { InferProgram } from "./infer.js";
import { loadModelDir } from "./model-dir.js";
import { predictSource } from "./predict-source.js";
import { compileInference } from "./programs.js";
import { withTrainingReadOptions } from "./read-options.js";
import type { SavedConfig } from "./saved-config.js";

/** A trained model read back from its directory, ready to score. */
export interface LoadedModel {
  tasks: TaskSpec[];
  schema: FittedSchema;
  config: SavedConfig;
  model: MultiTaskModel;
  /** The compiled inference program (label transforms of the training run applied). */
  infer: InferProgram;
  /** Scores already-encoded rows: per task a probability (binary) or a value (regression). */
  predict(data: EncodedData): Promise<Predictions>;
  /** Reads, encodes with the model's own vocabularies and statistics, and scores a file. */
  predictFile(source: DataSource | string, keep?: string[]): Promise<Predictions & { rows: number; keep?: Record<string, string[]> }>;
}

export async function load(dir: string, opts: { threads?: number } = {}): Promise<LoadedModel> {
  const { saved, fitted, model } = await loadModelDir(dir);
  const infer: InferProgram = await compileInference(model, saved.tasks, {
    threads: opts.threads,
    transforms: transformsOf(saved.config.lossWeighting),
    // a loaded model's weights never change, and baked weights are pre-packed for the matrix kernels
    frozen: true,
  });
  const score = (data: EncodedData) => predict(infer, fitted, saved.tasks, data);
  return {
    tasks: saved.tasks,
    schema: fitted,
    config: saved,
    model,
    infer,
    predict: score,
    predictFile: async (source, keep) => {
      const file = withTrainingReadOptions(saved.config, typeof source === "string" ? { path: source } : source);
      const { data, predictions } = await predictSource(infer, fitted, saved.tasks, file, { keep, labels: false });
      return { ...predictions, rows: data.rows, keep: data.keep };
    },
  };
}
