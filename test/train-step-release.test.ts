import assert from "node:assert/strict";
import { test } from "node:test";
import { bceWithLogits } from "../src/graph/ops/index.js";
import { MLP } from "../src/nn/mlp.js";
import { Rng } from "../src/nn/rng.js";
import { TrainStep } from "../src/train/step.js";

const BATCH = { x: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), y: Float32Array.of(0, 1, 1, 0) };

/** A seeded MLP's step: two of them trace to the same bytes, so they share one ONNX Runtime session. */
async function seededStep(): Promise<TrainStep> {
  const mlp = new MLP(2, [4], 1, new Rng(1));
  return TrainStep.compile({
    module: mlp,
    inputs: { x: ["B", 2], y: ["B", 1] },
    loss: ({ x, y }) => bceWithLogits(mlp.forward(x!), y!),
    threads: 1,
  });
}

test("a released training step refuses to run, naming its graph", async () => {
  const step = await seededStep();
  await step.release();
  await assert.rejects(step.run(BATCH), /graph "train_step" was run after its session was released/);
});

test("releasing one of two steps that share a session leaves the other running with the same loss", async () => {
  const first = await seededStep();
  const second = await seededStep();
  const before = (await second.run(BATCH)).loss;
  await first.release();
  assert.equal((await second.run(BATCH)).loss, before);
  await second.release();
});
