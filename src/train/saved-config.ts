import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import type { EncoderSpec } from "../nn/feature-encoder.js";
import type { TrainConfig } from "./config.js";

/** The files of a model directory. */
export const FILES = {
  config: "config.json",
  weights: "weights.safetensors",
  metrics: "metrics.json",
  steps: "steps.json",
  onnx: "model.onnx",
  checkpoint: "checkpoint",
} as const;

/** What config.json holds: enough to rebuild the model exactly. */
export interface SavedConfig {
  mtrec: string;
  config: TrainConfig;
  tasks: TaskSpec[];
  encoder: EncoderSpec;
}

/**
 * A model directory's config.json alone: what a command needs to know before the model's
 * modules are loaded (how to read the training data's files), so it can start reading first.
 */
export async function readSavedConfig(dir: string): Promise<SavedConfig> {
  const path = join(dir, FILES.config);
  try {
    return JSON.parse(await readFile(path, "utf8")) as SavedConfig;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOTDIR")
      throw new MtrecError("MODEL_FILE", `mtrec: ${dir}: is a file, not a model directory; "mtrec train --out DIR" writes one`);
    throw new MtrecError(
      "MODEL_FILE",
      `mtrec: ${path}: not a model directory's config (${(e as Error).message}); train one with "mtrec train --out ${dir}"`,
    );
  }
}
