import type { Graph, Sym } from "../graph/graph.js";
import type { EncoderSpec, FeatureEncoder } from "../nn/feature-encoder.js";
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
}

export abstract class MultiTaskModel extends Module {
  abstract forward(g: Graph): ModelOutputs;
}
