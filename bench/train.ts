import { MtrecError } from "../src/errors.js";
import { buildModel, parseModelSpec } from "../src/models/registry.js";
import type { TaskSpec } from "../src/models/types.js";
import { FeatureEncoder } from "../src/nn/feature-encoder.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/adam.js";
import type { Batch } from "../src/train/batch.js";
import { compileTrainStep, labelColumn } from "../src/train/programs.js";
import { runReference } from "./reference.js";
import { type BenchResult, fastest, samplesPerSec } from "./result.js";
import { asEncoded, stepBreakdown } from "./step-breakdown.js";

const BATCH = 2048;
const BATCHES = 50;
const STEPS = 20;
const ROUNDS = 5;
const WARMUP = 10;
const FIELDS = 8;
const VOCABULARY = 10_000;
const DENSE = 8;

const TASKS: TaskSpec[] = [
  { name: "click", type: "binary" },
  { name: "buy", type: "binary" },
];
const ENCODER = {
  sparse: Array.from({ length: FIELDS }, (_, i) => ({ name: `f${i}`, rows: VOCABULARY })),
  dense: Array.from({ length: DENSE }, (_, i) => `d${i}`),
  embeddingDim: 16,
};

/** The architectures this bench trains, each with hidden sizes of the MMoE case (experts 256-128, towers 64). */
const MODELS: Record<string, { spec: Record<string, unknown>; about: string; reference: boolean }> = {
  mmoe: {
    spec: { type: "mmoe", experts: 4, expertHidden: [256, 128], towerHidden: [64] },
    about: "MMoE, 4 experts 136-256-128, towers 64-1",
    reference: true,
  },
  moe: {
    spec: { type: "moe", experts: 4, expertHidden: [256, 128], towerHidden: [64] },
    about: "one-gate MoE, 4 experts 136-256-128, towers 64-1",
    reference: true,
  },
  "shared-bottom": {
    spec: { type: "shared-bottom", bottomHidden: [256, 128], towerHidden: [64] },
    about: "Shared-Bottom 136-256-128, towers 64-1",
    reference: true,
  },
  cgc: {
    spec: { type: "cgc", taskExperts: 1, sharedExperts: 2, expertHidden: [256, 128], towerHidden: [64] },
    about: "CGC, 1 expert per task + 2 shared, 136-256-128, towers 64-1",
    reference: false,
  },
  ple: {
    spec: { type: "ple", levels: 2, taskExperts: 1, sharedExperts: 2, expertHidden: [256, 128], towerHidden: [64] },
    about: "PLE, 2 levels of 1 expert per task + 2 shared, 256-128, towers 64-1",
    reference: false,
  },
};

/** `--model NAME` or `--model=NAME` from the command line; mmoe when absent. */
function modelName(argv: readonly string[]): string {
  let name = "mmoe";
  argv.forEach((a, i) => {
    if (a === "--model") name = argv[i + 1] ?? "";
    else if (a.startsWith("--model=")) name = a.slice("--model=".length);
  });
  if (!(name in MODELS))
    throw new MtrecError("BAD_ARGUMENT", `mtrec bench train: --model is "${name}"; known: ${Object.keys(MODELS).join(", ")}`);
  return name;
}

/** Seeded synthetic batches: uniform ids per field, normal dense features, click at 30 %, buy at 10 %. */
function makeBatches(): Batch[] {
  const rng = new Rng(1);
  return Array.from({ length: BATCHES }, () => {
    const batch: Batch = {};
    for (const f of ENCODER.sparse) batch[f.name] = Int32Array.from({ length: BATCH }, () => rng.int(VOCABULARY));
    batch.dense = Float32Array.from({ length: BATCH * DENSE }, () => rng.normal());
    batch[labelColumn("click")] = Float32Array.from({ length: BATCH }, () => (rng.uniform() < 0.3 ? 1 : 0));
    batch[labelColumn("buy")] = Float32Array.from({ length: BATCH }, () => (rng.uniform() < 0.1 ? 1 : 0));
    return batch;
  });
}

async function mtrecRate(
  spec: Record<string, unknown>,
  batches: Batch[],
  threads: number,
): Promise<{ rate: number; breakdown: Record<string, number> }> {
  const rng = new Rng(0);
  const ctx = { tasks: TASKS, encoder: ENCODER, rng, newEncoder: () => new FeatureEncoder(ENCODER, rng) };
  const model = buildModel(parseModelSpec(spec), ctx);
  const { step } = await compileTrainStep(model, TASKS, { threads, seed: 1 });
  const opt = new Adam(model.parameters(), { lr: 1e-3 }); // lazy on the embedding tables
  let next = 0;
  const stepOnce = async () => {
    await step.run(batches[next] as Batch);
    opt.step();
    next = (next + 1) % batches.length;
  };
  const rate = await samplesPerSec(stepOnce, { batch: BATCH, steps: STEPS, rounds: ROUNDS, warmup: WARMUP });
  const encoded = asEncoded(
    batches,
    ENCODER.sparse.map((f) => f.name),
    DENSE,
    TASKS.map((t) => t.name),
  );
  const breakdown = await stepBreakdown(step, opt, encoded, BATCH, { steps: STEPS, rounds: ROUNDS, warmup: 2 });
  // one thread count's session at a time, as a training run holds it
  await step.release();
  return { rate, breakdown };
}

/**
 * Training steps (forward, backward, Adam; lazy Adam on the tables) of a two-task model on
 * 8 sparse fields (10,000 rows, dim 16) and 8 dense features at batch 2048, cycling through
 * 50 pre-built batches on both sides.
 */
export async function train(threadCounts: number[]): Promise<BenchResult> {
  const name = modelName(process.argv.slice(2));
  const model = MODELS[name] as (typeof MODELS)[string];
  const batches = makeBatches();
  const perThreads: Record<string, number> = {};
  const msPerStep: Record<string, Record<string, number>> = {};
  for (const t of threadCounts) {
    const { rate, breakdown } = await mtrecRate(model.spec, batches, t);
    perThreads[t] = Math.round(rate);
    msPerStep[t] = breakdown;
  }
  // this process's peak, before the reference (a child process, with its own) starts
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const best = fastest(perThreads);
  const reference = model.reference
    ? await runReference("train_mmoe.py", [
        `--model=${name}`,
        `--threads=${threadCounts.join(",")}`,
        `--batch=${BATCH}`,
        `--batches=${BATCHES}`,
        `--steps=${STEPS}`,
        `--rounds=${ROUNDS}`,
        `--warmup=${WARMUP}`,
      ])
    : null;
  const mtrec = { samplesPerSec: best[1], threads: Number(best[0]), perThreads, msPerStep, peakRssMB };
  const refRate = reference ? (reference.samplesPerSec as number) : null;
  return {
    bench: "train",
    results: [
      {
        case: `${model.about}, 8 sparse fields (10,000 x 16) + 8 dense, 2 binary tasks, Adam, batch ${BATCH}, best thread count`,
        mtrec,
        reference,
        ratio: refRate ? Math.round((mtrec.samplesPerSec / refRate) * 1000) / 1000 : null,
      },
    ],
  };
}
