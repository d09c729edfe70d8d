import type { EncodedData } from "../src/data/types.js";
import type { MultiTaskModel } from "../src/models/types.js";
import type { Parameter } from "../src/nn/parameter.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/adam.js";
import type { HostTensor } from "../src/runtime/tensor.js";
import { Batcher } from "../src/train/batcher.js";
import type { TrainConfig } from "../src/train/config.js";
import { type EvalReport, evaluate, type Predictions, predict } from "../src/train/evaluate.js";
import { encoderSpecFor, instantiate } from "../src/train/model-dir.js";
import { compileInference, compileTrainStep } from "../src/train/programs.js";
import type { PreparedData } from "../src/train/trainer.js";
import type { WeightingStrategy } from "../src/weighting/strategy.js";

/**
 * A bare training loop for the questions the trainer has no switch for (a probe of every
 * task's gradients, training in stages): the trainer's step graph, batches and Adam, without
 * its early stopping, checkpoints or divergence checks.
 */
export interface Stage {
  epochs: number;
  /** Static weight per objective term (default 1 each). */
  weights?: Record<string, number>;
  /** A strategy of its own instead of static weights. */
  weighting?: WeightingStrategy;
  /** Which parameters Adam updates (default: all of the model's). */
  trained?: (p: Parameter) => boolean;
  /** Called with each step's outputs, before the update. */
  onStep?: (outputs: Record<string, HostTensor>, epoch: number) => void;
}

export function newModel(config: TrainConfig, data: PreparedData, seed: number): MultiTaskModel {
  return instantiate(config.model, data.tasks, encoderSpecFor(data.fitted, config), seed);
}

/** Runs one stage on the prepared data's training rows, updating `model` in place. */
export async function runStage(model: MultiTaskModel, config: TrainConfig, data: PreparedData, stage: Stage, seed: number): Promise<void> {
  const { batchSize, lr, threads } = config.train;
  const { step } = await compileTrainStep(model, data.tasks, { weights: stage.weights, weighting: stage.weighting, seed, threads });
  const adam = new Adam(model.parameters().filter(stage.trained ?? (() => true)), { lr });
  const batcher = new Batcher(data.fitted, batchSize);
  const shuffle = new Rng(seed + 1);
  for (let epoch = 1; epoch <= stage.epochs; epoch++) {
    for await (const block of data.rows.blocks(shuffle)) {
      for (let s = 0; s < block.order.length; s += batchSize) {
        const e = Math.min(block.order.length, s + batchSize);
        const r = await step.run(batcher.fill(block.data, block.order, s, e));
        stage.onStep?.(r.outputs, epoch);
        adam.step();
      }
    }
  }
}

/** The model's validation report and scores, as the trainer computes them. */
export async function validate(
  model: MultiTaskModel,
  config: TrainConfig,
  data: PreparedData,
): Promise<{ report: EvalReport; scores: Predictions["scores"] }> {
  const valid = data.memory?.valid as EncodedData;
  const infer = await compileInference(model, data.tasks, { threads: config.train.threads });
  const p = await predict(infer, data.fitted, data.tasks, valid);
  return { report: evaluate(data.tasks, valid, p), scores: p.scores };
}
