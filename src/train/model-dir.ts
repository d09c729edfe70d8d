import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { loadFittedSchema, saveFittedSchema } from "../data/schema-io.js";
import type { FittedSchema } from "../data/types.js";
import { buildModel, parseModelSpec } from "../models/registry.js";
import type { ModelSpec } from "../models/spec.js";
import type { ModelContext, MultiTaskModel, TaskSpec } from "../models/types.js";
import { writeFileAtomic } from "../nn/atomic-write.js";
import { type EncoderSpec, FeatureEncoder } from "../nn/feature-encoder.js";
import { Rng } from "../nn/rng.js";
import { loadParameters, saveParameters } from "../nn/safetensors.js";
import type { TrainConfig } from "./config.js";
import { FILES, readSavedConfig, type SavedConfig } from "./saved-config.js";

export function encoderSpecFor(fitted: FittedSchema, config: Pick<TrainConfig, "embedding" | "featureGroups">): EncoderSpec {
  return {
    sparse: fitted.sparse.map((f, i) => ({ name: f.name, rows: fitted.cardinalities[i] as number })),
    dense: fitted.dense.map((d) => d.name),
    embeddingDim: config.embedding.dim,
    embeddingL2: config.embedding.l2,
    embeddingStd: config.embedding.std,
    groups: config.featureGroups,
  };
}

export function tasksOf(fitted: FittedSchema): TaskSpec[] {
  return fitted.labels.map((l) => ({ name: l.name, type: l.type }));
}

/** Builds an architecture; the seed fixes its initial weights. */
export function instantiate(spec: ModelSpec, tasks: TaskSpec[], encoder: EncoderSpec, seed: number): MultiTaskModel {
  const rng = new Rng(seed);
  const ctx: ModelContext = { tasks, encoder, rng, newEncoder: () => new FeatureEncoder(encoder, rng) };
  return buildModel(spec, ctx);
}

export async function saveModelDir(dir: string, saved: SavedConfig, fitted: FittedSchema, model: MultiTaskModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, FILES.config), `${JSON.stringify(saved, null, 2)}\n`);
  await saveFittedSchema(dir, fitted);
  await saveParameters(join(dir, FILES.weights), model.allParameters(), { mtrec: saved.mtrec, model: saved.config.model.type });
}

export interface LoadedModelDir {
  saved: SavedConfig;
  fitted: FittedSchema;
  model: MultiTaskModel;
}

export async function loadModelDir(dir: string): Promise<LoadedModelDir> {
  const saved = await readSavedConfig(dir);
  const fitted = await loadFittedSchema(dir);
  const spec = parseModelSpec(saved.config.model, `${join(dir, FILES.config)}: config.model`);
  const model = instantiate(spec, saved.tasks, saved.encoder, saved.config.train.seed);
  await loadParameters(join(dir, FILES.weights), model.allParameters());
  return { saved, fitted, model };
}
