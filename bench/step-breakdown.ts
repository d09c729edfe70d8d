import type { EncodedData, FittedSchema } from "../src/data/types.js";
import { DENSE_COLUMN } from "../src/nn/feature-encoder.js";
import { Rng } from "../src/nn/rng.js";
import type { Optimizer } from "../src/optim/optimizer.js";
import { lap, type PhaseTimes } from "../src/runtime/phase-times.js";
import type { Batch } from "../src/train/batch.js";
import { Batcher } from "../src/train/batcher.js";
import { labelColumn } from "../src/train/programs.js";
import type { TrainStep } from "../src/train/step.js";

/** The phases of one training step, in the order they run. */
export const PHASES = ["batching", "feeds", "gather", "ortRun", "fetches", "scatter", "optimizer"] as const;

/** Pre-built batches laid end to end as encoded rows, with the schema the trainer's Batcher reads them by. */
export function asEncoded(batches: Batch[], sparse: string[], dense: number, tasks: string[]): { data: EncodedData; schema: FittedSchema } {
  const rows = batches.reduce((n, b) => n + (b[sparse[0] as string] as Int32Array).length, 0);
  const data: EncodedData = {
    rows,
    sparse: sparse.map(() => new Int32Array(rows)),
    dense: new Float32Array(rows * dense),
    labels: tasks.map(() => new Float32Array(rows)),
  };
  let at = 0;
  for (const b of batches) {
    const n = (b[sparse[0] as string] as Int32Array).length;
    sparse.forEach((f, i) => {
      (data.sparse[i] as Int32Array).set(b[f] as Int32Array, at);
    });
    data.dense.set(b[DENSE_COLUMN] as Float32Array, at * dense);
    tasks.forEach((t, i) => {
      (data.labels[i] as Float32Array).set(b[labelColumn(t)] as Float32Array, at);
    });
    at += n;
  }
  const schema: FittedSchema = {
    sparse: sparse.map((name) => ({ name, encoding: "vocab" })),
    dense: Array.from({ length: dense }, (_, i) => ({ name: `d${i}` })),
    labels: tasks.map((name) => ({ name, type: "binary" })),
    vocabularies: sparse.map(() => null),
    cardinalities: [],
    denseStats: [],
    rows,
  };
  return { data, schema };
}

/**
 * Milliseconds per step of each phase, as the trainer runs a step: the Batcher copies shuffled
 * rows into the batch, the step gathers embedding rows, feeds, runs ONNX Runtime, fetches,
 * sums the sparse gradients, and the optimizer updates. The median of `rounds` rounds.
 */
export async function stepBreakdown(
  step: TrainStep,
  opt: Optimizer,
  encoded: { data: EncodedData; schema: FittedSchema },
  batchSize: number,
  t: { steps: number; rounds: number; warmup: number },
): Promise<Record<string, number>> {
  const batcher = new Batcher(encoded.schema, batchSize);
  const order = new Rng(2).shuffle(Int32Array.from({ length: encoded.data.rows }, (_, i) => i));
  let next = 0;
  const once = async (times: PhaseTimes | undefined) => {
    if (next + batchSize > order.length) next = 0;
    let t0 = times ? performance.now() : 0;
    const batch = batcher.fill(encoded.data, order, next, next + batchSize);
    if (times) t0 = lap(times, "batching", t0);
    step.profile = times;
    await step.run(batch);
    step.profile = undefined;
    if (times) t0 = performance.now();
    opt.step();
    if (times) lap(times, "optimizer", t0);
    next += batchSize;
  };
  for (let i = 0; i < t.warmup; i++) await once(undefined);
  const rounds: PhaseTimes[] = [];
  for (let r = 0; r < t.rounds; r++) {
    const times: PhaseTimes = {};
    for (let i = 0; i < t.steps; i++) await once(times);
    rounds.push(times);
  }
  const perStep: Record<string, number> = {};
  for (const phase of PHASES) {
    const xs = rounds.map((r) => (r[phase] ?? 0) / t.steps).sort((a, b) => a - b);
    perStep[phase] = Math.round((xs[Math.floor(xs.length / 2)] as number) * 1000) / 1000;
  }
  perStep.total = Math.round(Object.values(perStep).reduce((a, b) => a + b, 0) * 1000) / 1000;
  return perStep;
}
