import type { Graph, Sym } from "../graph/graph.js";
import type { Term } from "../models/objective.js";
import type { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import type { HostTensor } from "../runtime/tensor.js";

/** What a strategy sees when the step is traced. */
export interface WeightingTrace {
  graph: Graph;
  /** The objective's summands by name (a task's loss, or a funnel model's term). */
  terms: Record<string, Term>;
  /** Whether each term is a regression loss (uncertainty weighting scales those by ½). */
  regression: Record<string, boolean>;
  /** Dense parameters that two or more terms depend on, with their graph inputs, in forward order. */
  shared: { param: Parameter; sym: Sym }[];
}

/** What a strategy gets after each step. */
export interface StepReport {
  /** The step's outputs, by the names the strategy traced. */
  outputs: Record<string, HostTensor>;
  /** Each term's loss value in this step. */
  losses: Record<string, number>;
}

/**
 * Turns several task losses into one update (LibMTL's split: architectures and weighting
 * strategies are independent plug-ins). `trace` writes the combined loss into the step graph,
 * with any scalar inputs the strategy sets and outputs it reads back; `after` runs after each
 * step, before the optimizer, and may update weights or rewrite shared gradients.
 */
export interface WeightingStrategy {
  readonly type: string;
  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> };
  /** Scalar inputs to feed before the next step, by input name. */
  feeds(): Record<string, Float32Array>;
  after(report: StepReport): void;
  /** The weight each term currently carries. */
  weights(): Record<string, number>;
  /** Parameters of the strategy's own, trained with the model (uncertainty's log-variances). */
  readonly module?: Module;
}
