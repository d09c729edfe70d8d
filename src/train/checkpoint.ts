import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { MultiTaskModel } from "../models/types.js";
import { writeFileAtomic } from "../nn/atomic-write.js";
import { encodeSafetensors, saveParameters } from "../nn/safetensors.js";
import type { Optimizer } from "../optim/optimizer.js";

/**
 * Writes the state after an epoch: weights, optimizer state and the epoch counters. Each
 * file is written under a temporary name and renamed, so a crash mid-write leaves the
 * previous checkpoint whole.
 */
export async function saveCheckpoint(
  dir: string,
  model: MultiTaskModel,
  opt: Optimizer,
  state: { epoch: number; bestEpoch: number },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveParameters(join(dir, "weights.safetensors"), model.allParameters());
  const tensors = Object.fromEntries(
    Object.entries(opt.stateTensors()).map(([k, v]) => [k, { dtype: "F32" as const, shape: [v.length], data: v }]),
  );
  await writeFileAtomic(join(dir, "optimizer.safetensors"), encodeSafetensors(tensors));
  await writeFileAtomic(join(dir, "state.json"), `${JSON.stringify({ ...state, optimizerSteps: opt.stepCount }, null, 2)}\n`);
}
