import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { bceWithLogits } from "../graph/ops/loss/bce-with-logits.js";
import { mse } from "../graph/ops/loss/mse.js";
import { mul } from "../graph/ops/mul.js";
import { sigmoid } from "../graph/ops/sigmoid.js";
import type { MultiTaskModel, TaskSpec } from "../models/types.js";
import { InferProgram } from "./infer.js";
import { TrainStep } from "./step.js";

/** The batch column of a task's label, [B, 1]. */
export const labelColumn = (task: string): string => `label:${task}`;

export interface ProgramOptions {
  /** Static weight of each task's loss (default 1). */
  weights?: Record<string, number>;
  seed?: number;
  threads?: number;
}

/** The loss of one task on its own output: BCE on the logit for binary tasks, MSE for regression. */
export function taskLoss(task: TaskSpec, output: Sym, label: Sym): Sym {
  return task.type === "binary" ? bceWithLogits(output, label) : mse(output, label);
}

/**
 * The training step of a multi-task model: every task's loss times its static weight,
 * summed; each task's own loss is also read back for the progress display.
 */
export async function compileTrainStep(model: MultiTaskModel, tasks: TaskSpec[], opts: ProgramOptions = {}): Promise<TrainStep> {
  const inputs = Object.fromEntries(tasks.map((t) => [labelColumn(t.name), ["B", 1]]));
  return TrainStep.compile({
    module: model,
    inputs,
    seed: opts.seed,
    threads: opts.threads,
    loss: (syms, g) => {
      const { outputs } = model.forward(g);
      const perTask: Record<string, Sym> = {};
      let total: Sym | undefined;
      for (const t of tasks) {
        const l = taskLoss(t, outputs[t.name] as Sym, syms[labelColumn(t.name)] as Sym);
        perTask[`loss:${t.name}`] = l;
        const weighted = mul(l, opts.weights?.[t.name] ?? 1);
        total = total ? add(total, weighted) : weighted;
      }
      return { loss: total as Sym, outputs: perTask };
    },
  });
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
  const { outputs, gates } = model.forward(g);
  const named: Record<string, Sym> = {};
  for (const t of tasks) {
    const o = outputs[t.name] as Sym;
    named[`pred:${t.name}`] = t.type === "binary" ? sigmoid(o) : o;
    const gate = gates[t.name];
    if (gate) named[`gate:${t.name}`] = gate.weights;
  }
  return named;
}
