import { Adam, MLP, ops, Rng, TrainStep } from "mtrec";

const mlp = new MLP(2, [8], 1, new Rng(1), { activation: "tanh" });
const loss = ({ x, y }) => ops.bceWithLogits(mlp.forward(x), y);
const step = await TrainStep.compile({ module: mlp, inputs: { x: ["B", 2], y: ["B", 1] }, loss });
const opt = new Adam(mlp.parameters(), { lr: 0.05 });
const batch = { x: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), y: Float32Array.of(0, 1, 1, 0) };
for (let i = 0; i <= 300; i++) {
  const result = await step.run(batch);
  opt.step();
  if (i % 50 === 0) console.log(`step ${i}: loss ${result.loss.toFixed(4)}`);
}
