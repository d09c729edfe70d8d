import { MtrecError } from "../errors.js";
import type { Parameter } from "../nn/parameter.js";

/** A value that is not a finite number, and whose it is. */
export interface NonFinite {
  name: string;
  value: number;
}

/**
 * The first parameter, in order, whose gradient holds a NaN or an infinity, and that value.
 * One float64 sum per gradient finds it: a sum is finite exactly when every term is (float32
 * terms cannot overflow a float64 sum), so only a gradient that fails is scanned again.
 */
export function firstNonFiniteGradient(params: readonly Parameter[]): NonFinite | undefined {
  for (const param of params) {
    if (param.opts.buffer) continue;
    const found = firstNonFiniteIn(param.sparse ? param.sparseGrad?.values : param.grad);
    if (found !== undefined) return { name: param.name, value: found };
  }
  return undefined;
}

/** The first parameter whose values hold a NaN or an infinity (after an update that overflowed). */
export function firstNonFiniteValue(params: readonly Parameter[]): NonFinite | undefined {
  for (const param of params) {
    const found = firstNonFiniteIn(param.data);
    if (found !== undefined) return { name: param.name, value: found };
  }
  return undefined;
}

function firstNonFiniteIn(values: Float32Array | undefined): number | undefined {
  if (!values) return undefined;
  // four independent sums: one chain of dependent additions runs at a third of the speed
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const end = values.length - (values.length % 4);
  let i = 0;
  for (; i < end; i += 4) {
    a += values[i] as number;
    b += values[i + 1] as number;
    c += values[i + 2] as number;
    d += values[i + 3] as number;
  }
  for (; i < values.length; i++) a += values[i] as number;
  if (Number.isFinite(a + b + c + d)) return undefined;
  return values.find((v) => !Number.isFinite(v));
}

/** Where in the run a step diverged, and what the caller can do about it. */
export interface DivergenceContext {
  epoch: number;
  step: number;
  steps: number;
  /** The last complete epoch's checkpoint, or undefined when there is none to resume from. */
  checkpoint?: { epoch: number; dir: string };
  /** Whether the run writes checkpoints at all (it has an out directory). */
  saving: boolean;
  lr: number;
}

/**
 * The error that stops a run whose losses or gradients (or, after an update, weights) stopped
 * being finite: another step would only spread the NaN into every weight and the optimizer's
 * moments, and the checkpoint of the last complete epoch, written before, stays intact.
 */
export function divergedError(
  where: DivergenceContext,
  found: { losses: NonFinite[]; gradient?: NonFinite; weight?: NonFinite },
): MtrecError {
  const what = [
    ...found.losses.map((l) => `the loss of "${l.name}" is ${l.value}`),
    ...(found.gradient ? [`the first non-finite gradient is that of "${found.gradient.name}" (${found.gradient.value})`] : []),
    ...(found.weight ? [`the update made "${found.weight.name}" ${found.weight.value}`] : []),
  ].join("; ");
  const remedy = `lower the learning rate (now ${where.lr}) or set train.clipNorm`;
  const resume = where.checkpoint
    ? `the checkpoint of epoch ${where.checkpoint.epoch} in ${where.checkpoint.dir} is intact: ${remedy}, then continue it with --resume`
    : `${where.saving ? "no epoch completed, so there is no checkpoint" : "the run writes no checkpoint (no out directory)"}: ${remedy} and train again`;
  return new MtrecError(
    "DIVERGED",
    `mtrec: training diverged at epoch ${where.epoch}, step ${where.step} of ${where.steps}: ${what}; ${resume}`,
  );
}
