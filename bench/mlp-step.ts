import { MLP_BATCH, mlpStepper } from "./mlp-case.js";
import { runReference } from "./reference.js";
import { type BenchResult, fastest, samplesPerSec } from "./result.js";

const BATCH = MLP_BATCH;
const STEPS = 20;
const ROUNDS = 5;
const WARMUP = 10;

async function mtrecRate(threads: number): Promise<number> {
  return samplesPerSec(await mlpStepper(threads), { batch: BATCH, steps: STEPS, rounds: ROUNDS, warmup: WARMUP });
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
