import type { Graph, Sym } from "../graph/graph.js";
import type { EncoderSpec, FeatureEncoder } from "../nn/feature-encoder.js";
import type { LinearInit } from "../nn/init.js";
import { Module } from "../nn/module.js";
import type { Rng } from "../nn/rng.js";

export interface TaskSpec {
  name: string;
  type: "binary" | "regression";
}

/** Gate weights of one task over the experts it can use, for the expert-usage analysis. */
export interface GateOutput {
  weights: Sym; // [B, E]
  experts: string[];
}

export interface ModelOutputs {
  /** Per task, keyed by task name: a logit (binary) or a value (regression), [B, 1]. */
  outputs: Record<string, Sym>;
  /** Per task: the last level's gate over experts (expert models only). */
  gates: Record<string, GateOutput>;
  /**
   * The gates of the levels below the last (PLE), keyed `<level>/<task>` and `<level>/shared`
   * with the level named as its parameters are (`level0/click`): what each level's mixes read.
   */
  levelGates?: Record<string, GateOutput>;
  /**
   * Probabilities the model predicts directly, [B, 1] each: a task's prediction when its
   * name is a task's (funnel models predict a purchase on an exposure as pCTR·pCVR), and
   * named quantities besides (`ctr`, `cvr`, `ctcvr`).
   */
  probabilities?: Record<string, Sym>;
}

/** What a model's own objective reads from the batch. */
export interface ObjectiveInputs {
  /** Each task's label, [B, 1], keyed by task name. */
  labels: Record<string, Sym>;
  /** A per-row propensity column, when the config names one (an oracle or a logged P(click)). */
  propensity?: Sym;
}

export interface Objective {
  /** The scalar to minimise. */
  loss: Sym;
  /** Its named terms, read back for the progress display and the logs. */
  parts: Record<string, Sym>;
  /** The summands of `loss` with their static weights, for loss-weighting strategies to recombine. */
  terms?: Record<string, { loss: Sym; weight: number }>;
}

/** What every architecture is built from: its tasks, a way to make feature encoders, a seeded RNG. */
export interface ModelContext {
  tasks: TaskSpec[];
  encoder: EncoderSpec;
  rng: Rng;
  newEncoder(name: string): FeatureEncoder;
}

/** Options every architecture takes. */
export interface CommonSpec {
  /** Hidden sizes of each task's tower (its output layer of size 1 is added). */
  towerHidden: number[];
  dropout: number;
  batchNorm: boolean;
  /** How every linear layer starts: experts, gates, bottoms, towers. */
  init: LinearInit;
}

export abstract class MultiTaskModel extends Module {
  abstract forward(g: Graph): ModelOutputs;
  /**
   * The training objective, for models whose losses live in particular sample spaces (the
   * funnel models). Without it, each task's BCE or MSE on every row, times its weight.
   */
  objective?(out: ModelOutputs, inputs: ObjectiveInputs): Objective;
}
