import { bceWithLogits } from "../src/graph/ops/loss/bce-with-logits.js";
import { MLP } from "../src/nn/mlp.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/adam.js";
import { TrainStep } from "../src/train/step.js";

/** The engine benches' case: an MLP 136-256-128-1 on BCE at batch 2048. */
export const MLP_BATCH = 2048;

/** One seeded batch of the case: standard-normal inputs, 30 % positive labels. */
export function mlpBatch(): { x: Float32Array; y: Float32Array } {
  const rng = new Rng(1);
  return {
    x: Float32Array.from({ length: MLP_BATCH * 136 }, () => rng.normal()),
    y: Float32Array.from({ length: MLP_BATCH }, () => (rng.uniform() < 0.3 ? 1 : 0)),
  };
}

/** mtrec's training step of the case (forward, backward in the graph; Adam in TypeScript), ready to time. */
export async function mlpStepper(threads: number): Promise<() => Promise<void>> {
  const mlp = new MLP(136, [256, 128], 1, new Rng(0));
  const step = await TrainStep.compile({
    module: mlp,
    threads,
    inputs: { x: ["B", 136], y: ["B", 1] },
    loss: ({ x, y }) => bceWithLogits(mlp.forward(x!), y!),
  });
  const opt = new Adam(mlp.parameters(), { lr: 1e-3 });
  const batch = mlpBatch();
  return async () => {
    await step.run(batch);
    opt.step();
  };
}
