import type { Dim, Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { bceWithLogits } from "../graph/ops/loss/bce-with-logits.js";
import { mse } from "../graph/ops/loss/mse.js";
import { mul } from "../graph/ops/mul.js";
import { sigmoid } from "../graph/ops/sigmoid.js";
import type { MultiTaskModel, Objective, TaskSpec } from "../models/types.js";
import { InferProgram } from "./infer.js";
import { TrainStep } from "./step.js";

/** The batch column of a task's label, [B, 1]. */
export const labelColumn = (task: string): string => `label:${task}`;

/** The batch column of a per-row propensity, [B, 1], when a model takes it from the data. */
export const PROPENSITY_COLUMN = "propensity";

/** The step's output holding one named term of the objective. */
export const partOutput = (part: string): string => `loss:${part}`;

export interface ProgramOptions {
  /** Static weight of each task's loss (default 1). */
  weights?: Record<string, number>;
  seed?: number;
  threads?: number;
  /** Feed a propensity column to the model's objective. */
  propensity?: boolean;
}

/** A compiled training step and the names of its objective's terms, read back every step. */
export interface CompiledStep {
  step: TrainStep;
  parts: string[];
}

/** The loss of one task on its own output: BCE on the logit for binary tasks, MSE for regression. */
export function taskLoss(task: TaskSpec, output: Sym, label: Sym): Sym {
  return task.type === "binary" ? bceWithLogits(output, label) : mse(output, label);
}

/**
 * The training step of a multi-task model: the model's own objective when it has one (the
 * funnel models), else every task's loss times its static weight, summed. Each named term
 * is also read back for the progress display and the logs.
 */
export async function compileTrainStep(model: MultiTaskModel, tasks: TaskSpec[], opts: ProgramOptions = {}): Promise<CompiledStep> {
  const inputs: Record<string, Dim[]> = Object.fromEntries(tasks.map((t) => [labelColumn(t.name), ["B", 1]]));
  if (opts.propensity) inputs[PROPENSITY_COLUMN] = ["B", 1];
  const parts: string[] = [];
  const step = await TrainStep.compile({
    module: model,
    inputs,
    seed: opts.seed,
    threads: opts.threads,
    loss: (syms, g) => {
      const out = model.forward(g);
      const labels = Object.fromEntries(tasks.map((t) => [t.name, syms[labelColumn(t.name)] as Sym]));
      const { loss, parts: named } = model.objective
        ? model.objective(out, { labels, propensity: syms[PROPENSITY_COLUMN] })
        : staticObjective(out.outputs, tasks, labels, opts.weights);
      parts.push(...Object.keys(named));
      return { loss, outputs: Object.fromEntries(Object.entries(named).map(([k, v]) => [partOutput(k), v])) };
    },
  });
  return { step, parts };
}

function staticObjective(
  outputs: Record<string, Sym>,
  tasks: TaskSpec[],
  labels: Record<string, Sym>,
  weights: Record<string, number> = {},
): Objective {
  const parts: Record<string, Sym> = {};
  let total: Sym | undefined;
  for (const t of tasks) {
    const l = taskLoss(t, outputs[t.name] as Sym, labels[t.name] as Sym);
    parts[t.name] = l;
    const weighted = mul(l, weights[t.name] ?? 1);
    total = total ? add(total, weighted) : weighted;
  }
  return { loss: total as Sym, parts };
}

/** The inference program: each task's prediction (a probability for binary tasks) and gate weights. */
export async function compileInference(model: MultiTaskModel, tasks: TaskSpec[], opts: ProgramOptions = {}): Promise<InferProgram> {
  return InferProgram.compile({ module: model, inputs: {}, threads: opts.threads, outputs: (_, g) => inferenceOutputs(model, tasks, g) });
}

export function inferenceOutputs(
  model: MultiTaskModel,
  tasks: TaskSpec[],
  g: Parameters<MultiTaskModel["forward"]>[0],
): Record<string, Sym> {
  const { outputs, gates, probabilities = {} } = model.forward(g);
  const named: Record<string, Sym> = {};
  for (const [name, p] of Object.entries(probabilities)) named[`pred:${name}`] = p;
  for (const t of tasks) {
    const o = outputs[t.name] as Sym;
    named[`pred:${t.name}`] ??= t.type === "binary" ? sigmoid(o) : o;
    const gate = gates[t.name];
    if (gate) named[`gate:${t.name}`] = gate.weights;
  }
  return named;
}
