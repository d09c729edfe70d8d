import { bceWithLogits } from "../src/graph/ops/loss/bce-with-logits.js";
import { MLP } from "../src/nn/mlp.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/adam.js";
import { TrainStep } from "../src/train/step.js";
import { runReference } from "./reference.js";
import { type BenchResult, fastest, samplesPerSec } from "./result.js";

const BATCH = 2048;
const STEPS = 20;
const ROUNDS = 5;
const WARMUP = 10;

async function mtrecRate(threads: number): Promise<number> {
  const mlp = new MLP(136, [256, 128], 1, new Rng(0));
  const step = await TrainStep.compile({
    module: mlp,
    threads,
    inputs: { x: ["B", 136], y: ["B", 1] },
    loss: ({ x, y }) => bceWithLogits(mlp.forward(x!), y!),
  });
  const opt = new Adam(mlp.parameters(), { lr: 1e-3 });
  const rng = new Rng(1);
  const batch = {
    x: Float32Array.from({ length: BATCH * 136 }, () => rng.normal()),
    y: Float32Array.from({ length: BATCH }, () => (rng.uniform() < 0.3 ? 1 : 0)),
  };
  const stepOnce = async () => {
    await step.run(batch);
    opt.step();
  };
  return samplesPerSec(stepOnce, { batch: BATCH, steps: STEPS, rounds: ROUNDS, warmup: WARMUP });
}

/** One training step (forward, backward, Adam) of an MLP 136-256-128-1 at batch 2048. */
export async function mlpStep(threadCounts: number[]): Promise<BenchResult> {
  const perThreads: Record<string, number> = {};
  for (const t of threadCounts) perThreads[t] = Math.round(await mtrecRate(t));
  const best = fastest(perThreads);
  const reference = await runReference("mlp_step.py", [
    `--threads=${threadCounts.join(",")}`,
    `--batch=${BATCH}`,
    `--steps=${STEPS}`,
    `--rounds=${ROUNDS}`,
    `--warmup=${WARMUP}`,
  ]);
  const mtrec = { samplesPerSec: best[1], threads: Number(best[0]), perThreads };
  const refRate = reference ? (reference.samplesPerSec as number) : null;
  return {
    bench: "mlp-step",
    results: [
      {
        case: "MLP 136-256-128-1, BCE, Adam, batch 2048, best thread count",
        mtrec,
        reference,
        ratio: refRate ? Math.round((mtrec.samplesPerSec / refRate) * 1000) / 1000 : null,
      },
    ],
  };
}
