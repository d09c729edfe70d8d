import { dependsOn } from "../graph/grad.js";
import type { Dim, Graph, Sym } from "../graph/graph.js";
import { bceWithLogits } from "../graph/ops/loss/bce-with-logits.js";
import { mse } from "../graph/ops/loss/mse.js";
import { sigmoid } from "../graph/ops/sigmoid.js";
import { compress, expand, type LabelTransform } from "../losses/label-transform.js";
import { objectiveOf, type Term, term } from "../models/objective.js";
import type { MultiTaskModel, Objective, TaskSpec } from "../models/types.js";
import type { Parameter } from "../nn/parameter.js";
import { StaticWeighting } from "../weighting/static.js";
import type { WeightingStrategy } from "../weighting/strategy.js";
import { InferProgram } from "./infer.js";
import { TrainStep } from "./step.js";

/** The batch column of a task's label, [B, 1]. */
export const labelColumn = (task: string): string => `label:${task}`;

/** The batch column of a per-row propensity, [B, 1], when a model takes it from the data. */
export const PROPENSITY_COLUMN = "propensity";

/**
 * The inference output of a gate below the last level (`level0/click`): a prefix of its own,
 * so `gate:<task>` keeps meaning the last level's gates, the ones the towers read, whatever a
 * task is called.
 */
export const LEVEL_GATE_PREFIX = "levelgate:";

/** The step's output holding one named term of the objective. */
export const partOutput = (part: string): string => `loss:${part}`;

export interface ProgramOptions {
  /** Static weight of each task's loss (default 1), used by the static strategy. */
  weights?: Record<string, number>;
  /** How the objective's terms become one update; default: their static weights. */
  weighting?: WeightingStrategy;
  seed?: number;
  threads?: number;
  /** Inference only: bake the weights in (a loaded model whose weights no longer change). */
  frozen?: boolean;
  /** Feed a propensity column to the model's objective. */
  propensity?: boolean;
  /** Regression labels compressed before their loss, and predictions expanded back, by task. */
  transforms?: Record<string, LabelTransform>;
}

/** A compiled training step, the names of its objective's terms, and its weighting strategy. */
export interface CompiledStep {
  step: TrainStep;
  parts: string[];
  /** The summands the strategy weighs (a subset of `parts`). */
  terms: string[];
  weighting: WeightingStrategy;
}

/** The loss of one task on its own output: BCE on the logit for binary tasks, MSE for regression. */
export function taskLoss(task: TaskSpec, output: Sym, label: Sym): Sym {
  return task.type === "binary" ? bceWithLogits(output, label) : mse(output, label);
}

/**
 * The training step of a multi-task model: the model's own objective when it has one (the
 * funnel models), else every task's loss; its terms are combined by the weighting strategy
 * (by default their static weights, summed). Each named term is also read back every step.
 */
export async function compileTrainStep(model: MultiTaskModel, tasks: TaskSpec[], opts: ProgramOptions = {}): Promise<CompiledStep> {
  const inputs: Record<string, Dim[]> = Object.fromEntries(tasks.map((t) => [labelColumn(t.name), ["B", 1]]));
  if (opts.propensity) inputs[PROPENSITY_COLUMN] = ["B", 1];
  const weighting: WeightingStrategy = opts.weighting ?? new StaticWeighting(opts.weights);
  const parts: string[] = [];
  const terms: string[] = [];
  const step = await TrainStep.compile({
    module: model,
    inputs,
    seed: opts.seed,
    threads: opts.threads,
    extra: () => (weighting.module ? [weighting.module] : []),
    loss: (syms, g) => {
      const out = model.forward(g);
      const labels = Object.fromEntries(
        tasks.map((t) => {
          const y = syms[labelColumn(t.name)] as Sym;
          const transform = opts.transforms?.[t.name];
          return [t.name, transform ? compress(y, transform) : y];
        }),
      );
      const objective = model.objective
        ? model.objective(out, { labels, propensity: syms[PROPENSITY_COLUMN] })
        : taskObjective(out.outputs, tasks, labels);
      const summands = objective.terms ?? { loss: term(objective.loss) };
      const regression = Object.fromEntries(Object.keys(summands).map((k) => [k, tasks.find((t) => t.name === k)?.type === "regression"]));
      const traced = weighting.trace({ graph: g, terms: summands, regression, shared: sharedParameters(g, model, summands) });
      parts.push(...Object.keys(objective.parts));
      terms.push(...Object.keys(summands));
      const named = Object.fromEntries(Object.entries(objective.parts).map(([k, v]) => [partOutput(k), v]));
      return { loss: traced.loss, outputs: { ...named, ...traced.outputs } };
    },
  });
  return { step, parts, terms, weighting };
}

function taskObjective(outputs: Record<string, Sym>, tasks: TaskSpec[], labels: Record<string, Sym>): Objective {
  return objectiveOf(Object.fromEntries(tasks.map((t) => [t.name, term(taskLoss(t, outputs[t.name] as Sym, labels[t.name] as Sym))])));
}

/** The dense parameters two or more terms depend on, in the order the forward pass read them. */
function sharedParameters(g: Graph, model: MultiTaskModel, terms: Record<string, Term>): { param: Parameter; sym: Sym }[] {
  const byName = new Map(model.parameters().map((p) => [p.name, p]));
  const candidates = g.inputs.filter((i) => i.kind === "param" && byName.has(i.key) && !byName.get(i.key)?.sparse);
  const reach = Object.values(terms).map((t) =>
    dependsOn(
      t.loss,
      candidates.map((c) => c.sym),
    ),
  );
  return candidates
    .filter((_, k) => reach.filter((r) => r[k]).length >= 2)
    .map((c) => ({ param: byName.get(c.key) as Parameter, sym: c.sym }));
}

/** The inference program: each task's prediction (a probability for binary tasks) and gate weights. */
export async function compileInference(model: MultiTaskModel, tasks: TaskSpec[], opts: ProgramOptions = {}): Promise<InferProgram> {
  return InferProgram.compile({
    module: model,
    inputs: {},
    threads: opts.threads,
    frozen: opts.frozen,
    outputs: (_, g) => inferenceOutputs(model, tasks, g, opts.transforms),
  });
}

export function inferenceOutputs(
  model: MultiTaskModel,
  tasks: TaskSpec[],
  g: Parameters<MultiTaskModel["forward"]>[0],
  transforms: Record<string, LabelTransform> = {},
): Record<string, Sym> {
  const { outputs, gates, levelGates = {}, probabilities = {} } = model.forward(g);
  const named: Record<string, Sym> = {};
  for (const [name, p] of Object.entries(probabilities)) named[`pred:${name}`] = p;
  for (const t of tasks) {
    const o = outputs[t.name] as Sym;
    const transform = transforms[t.name];
    named[`pred:${t.name}`] ??= t.type === "binary" ? sigmoid(o) : transform ? expand(o, transform) : o;
  }
  // keyed by task, or by head for funnel models whose heads (ctr, cvr) are not their tasks
  for (const [name, gate] of Object.entries(gates)) named[`gate:${name}`] = gate.weights;
  for (const [name, gate] of Object.entries(levelGates)) named[`${LEVEL_GATE_PREFIX}${name}`] = gate.weights;
  return named;
}
