import { parseModelSpec } from "../../models/registry.js";
import type { ModelSpec } from "../../models/spec.js";
import type { TaskSpec } from "../../models/types.js";
import { compareRun, type RunResult } from "../../train/compare.js";
import { parseTrainConfig, type TrainConfig } from "../../train/config.js";
import type { PreparedCache } from "../prepared-cache.js";

/**
 * One training run of a comparison or a sweep: the data prepared from `config`, the model
 * `model`, the seed `seed`. Paths in `config` are absolute, since a worker may run elsewhere.
 */
export interface TrainRunPayload {
  config: TrainConfig;
  model: ModelSpec;
  seed: number;
}

/** What a queued run hands back: the run's numbers, and which attempt made them. */
export interface TrainRunOutcome {
  result: RunResult;
  /** The tasks of the prepared data, which the command summarising the runs has not read itself. */
  tasks: TaskSpec[];
  /** 1 for a job that ran once; more when a worker died or an error was retried. */
  attempt: number;
}

/**
 * Runs one payload, as the local loops do (the same `compareRun` on data prepared the same
 * way). `threads` is the worker's `--threads`, which takes the place of the config's.
 */
export async function runTrainJob(
  payload: TrainRunPayload,
  cache: PreparedCache,
  threads?: number,
): Promise<{ result: RunResult; tasks: TaskSpec[] }> {
  // the payload crossed the network: validate it like a config file
  const config = parseTrainConfig(payload.config, "job config");
  const model = parseModelSpec(payload.model, "job model");
  const run = threads === undefined ? config : { ...config, train: { ...config.train, threads } };
  const data = await cache.get(run);
  return { result: await compareRun(run, model, payload.seed, data), tasks: data.tasks };
}
