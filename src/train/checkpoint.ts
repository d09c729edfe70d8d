import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { MtrecError } from "../errors.js";
import type { MultiTaskModel } from "../models/types.js";
import { writeFileAtomic } from "../nn/atomic-write.js";
import { decodeSafetensors, encodeSafetensors, loadParameters, saveParameters } from "../nn/safetensors.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { EpochRecord } from "./trainer.js";

export interface CheckpointState {
  epoch: number;
  bestEpoch: number;
  bestValue: number;
  optimizerSteps: number;
  history: EpochRecord[];
  weights: string;
  optimizer: string;
}

export const STATE = "state.json";

/** Whether `dir` holds a checkpoint's state file, the last thing a checkpoint writes. */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  return (await stat(join(dir, STATE)).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Writes the state after an epoch. The weight and optimizer files carry the epoch in their
 * names and state.json, written last and atomically, names them: a crash at any moment
 * leaves state.json pointing at a complete earlier pair. Older pairs are removed after.
 */
export async function saveCheckpoint(
  dir: string,
  model: MultiTaskModel,
  opt: Optimizer,
  state: Omit<CheckpointState, "weights" | "optimizer" | "optimizerSteps">,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const weights = `weights-${state.epoch}.safetensors`;
  const optimizer = `optimizer-${state.epoch}.safetensors`;
  await saveParameters(join(dir, weights), model.allParameters());
  const tensors = Object.fromEntries(
    Object.entries(opt.stateTensors()).map(([k, v]) => [k, { dtype: "F32" as const, shape: [v.length], data: v }]),
  );
  await writeFileAtomic(join(dir, optimizer), encodeSafetensors(tensors));
  const full: CheckpointState = { ...state, optimizerSteps: opt.stepCount, weights, optimizer };
  await writeFileAtomic(join(dir, STATE), `${JSON.stringify(full)}\n`);
  for (const f of await readdir(dir)) {
    if (f !== weights && f !== optimizer && /^(weights|optimizer)-\d+\.safetensors$/.test(f)) await rm(join(dir, f), { force: true });
  }
}

const BEST = "best.safetensors";

/** Keeps the best epoch's weights beside the checkpoint, for a resumed run to return to. */
export async function saveBest(dir: string, model: MultiTaskModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveParameters(join(dir, BEST), model.allParameters());
}

/**
 * Restores the model and optimizer from the last complete checkpoint; also returns the best
 * epoch's weights (a copy), which the resumed run keeps unless it does better.
 */
export async function resumeFrom(
  dir: string,
  model: MultiTaskModel,
  opt: Optimizer,
): Promise<{ state: CheckpointState; bestWeights: Float32Array[] }> {
  const state = await readState(dir);
  await loadParameters(join(dir, BEST), model.allParameters());
  const bestWeights = model.allParameters().map((p) => p.data.slice());
  await loadCheckpoint(dir, model, opt, state);
  return { state, bestWeights };
}

async function readState(dir: string): Promise<CheckpointState> {
  const path = join(dir, STATE);
  try {
    return JSON.parse(await readFile(path, "utf8")) as CheckpointState;
  } catch (e) {
    throw new MtrecError("MODEL_FILE", `mtrec: ${path}: no checkpoint to resume from (${(e as Error).message})`);
  }
}

/** Restores the model and optimizer from the last complete checkpoint and returns its state. */
export async function loadCheckpoint(
  dir: string,
  model: MultiTaskModel,
  opt: Optimizer,
  known?: CheckpointState,
): Promise<CheckpointState> {
  const state = known ?? (await readState(dir));
  await loadParameters(join(dir, state.weights), model.allParameters());
  const file = join(dir, state.optimizer);
  const { tensors } = decodeSafetensors(await readFile(file), file);
  opt.loadState(Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.data as Float32Array])), state.optimizerSteps);
  return state;
}
