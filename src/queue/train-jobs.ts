import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { ModelSpec } from "../models/spec.js";
import type { TrainConfig } from "../train/config.js";
import { MTREC_VERSION } from "../version.js";
import { contentJobId } from "./job-id.js";
import type { TrainRunPayload } from "./jobs/train-run.js";
import { JOB_KINDS } from "./names.js";
import type { QueuedJob } from "./submit.js";

/** The config with its data paths made absolute: a job carries paths, and a worker may start in another directory. */
export function withAbsolutePaths(config: TrainConfig): TrainConfig {
  return {
    ...config,
    ...(config.data ? { data: { ...config.data, path: resolve(config.data.path) } } : {}),
    ...(config.valid ? { valid: { ...config.valid, path: resolve(config.valid.path) } } : {}),
  };
}

/** Size and modification time of the data files: a changed file is a different run, not one to reattach to. */
async function fileIdentity(config: TrainConfig): Promise<unknown> {
  const one = async (path?: string) => {
    const s = path ? await stat(path).catch(() => undefined) : undefined;
    return s ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  };
  return { data: await one(config.data?.path), valid: await one(config.valid?.path) };
}

/** One queued training run; its id is the hash of everything that decides its numbers. */
export async function trainRunJob(config: TrainConfig, model: ModelSpec, seed: number, label: string): Promise<QueuedJob> {
  const payload: TrainRunPayload = { config: withAbsolutePaths(config), model, seed };
  const id = contentJobId(JOB_KINDS.trainRun, { payload, files: await fileIdentity(payload.config), version: MTREC_VERSION });
  return { kind: JOB_KINDS.trainRun, id, data: payload, label };
}
