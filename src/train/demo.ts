import { toyClicks } from "../data/toy-clicks.js";
import type { Graph, Sym } from "../graph/graph.js";
import { concat } from "../graph/ops/concat.js";
import { bceWithLogits } from "../graph/ops/loss/bce-with-logits.js";
import { Embedding } from "../nn/embedding.js";
import { MLP } from "../nn/mlp.js";
import { Module } from "../nn/module.js";
import { Rng } from "../nn/rng.js";
import { Adam } from "../optim/adam.js";
import { InferProgram } from "./infer.js";
import { TrainStep } from "./step.js";

export interface DemoOptions {
  rows: number;
  epochs: number;
  batchSize: number;
  threads?: number;
  seed: number;
  log: (line: string) => void;
}

const DENSE = 8;

/** The engine demo's model: user and item embeddings beside the dense features, into an MLP. */
class ClickModel extends Module {
  readonly user: Embedding;
  readonly item: Embedding;
  readonly mlp: MLP;
  constructor(rng: Rng) {
    super();
    this.user = this.add("user", new Embedding(1000, 8, rng));
    this.item = this.add("item", new Embedding(500, 8, rng));
    this.mlp = this.add("mlp", new MLP(8 + 8 + DENSE, [64, 32], 1, rng));
  }
  forward(dense: Sym, g: Graph): Sym {
    return this.mlp.forward(concat([this.user.lookup("user", g), this.item.lookup("item", g), dense], 1)); // [B, 1]
  }
}

function logLoss(p: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i] as number, 1e-7), 1 - 1e-7);
    s -= (y[i] as number) * Math.log(q) + (1 - (y[i] as number)) * Math.log(1 - q);
  }
  return s / y.length;
}

/**
 * Trains a click model on generated logs whose true click probabilities are known, and
 * prints the training loss falling and the held-out log loss against the truth's own.
 */
export async function runDemo(o: DemoOptions): Promise<{ heldOutLogLoss: number; truthLogLoss: number }> {
  const all = toyClicks({ rows: o.rows, seed: o.seed });
  const nTrain = Math.floor(o.rows * 0.8);
  const model = new ClickModel(new Rng(o.seed));
  const step = await TrainStep.compile({
    module: model,
    seed: o.seed,
    threads: o.threads,
    inputs: { dense: ["B", DENSE], click: ["B", 1] },
    loss: ({ dense, click }, g) => bceWithLogits(model.forward(dense as Sym, g), click as Sym),
  });
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const order = new Rng(o.seed + 1);
  const bs = o.batchSize;
  const batch = { user: new Int32Array(bs), item: new Int32Array(bs), dense: new Float32Array(bs * DENSE), click: new Float32Array(bs) };
  const index = Int32Array.from({ length: nTrain }, (_, i) => i);
  o.log(`mtrec demo: ${nTrain} training rows, ${o.rows - nTrain} held out; embeddings 1000×8 and 500×8, MLP 24-64-32-1, Adam`);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    order.shuffle(index);
    const t0 = performance.now();
    let lossSum = 0;
    let steps = 0;
    for (let s = 0; s + bs <= nTrain; s += bs) {
      for (let i = 0; i < bs; i++) {
        const r = index[s + i] as number;
        batch.user[i] = all.user[r] as number;
        batch.item[i] = all.item[r] as number;
        batch.click[i] = all.click[r] as number;
        batch.dense.set(all.dense.subarray(r * DENSE, (r + 1) * DENSE), i * DENSE);
      }
      lossSum += (await step.run(batch)).loss;
      opt.step();
      steps++;
    }
    const secs = (performance.now() - t0) / 1000;
    o.log(
      `epoch ${epoch}: training log loss ${(lossSum / steps).toFixed(4)}  (${Math.round((steps * bs) / secs).toLocaleString("en-US")} samples/s)`,
    );
  }
  const infer = await InferProgram.compile({
    module: model,
    threads: o.threads,
    inputs: { dense: ["B", DENSE] },
    outputs: ({ dense }, g) => ({ logit: model.forward(dense as Sym, g) }),
  });
  const held = {
    user: all.user.subarray(nTrain),
    item: all.item.subarray(nTrain),
    dense: all.dense.subarray(nTrain * DENSE),
  };
  const logits = (await infer.run(held)).logit?.data as Float32Array;
  const p = logits.map((z) => 1 / (1 + Math.exp(-z)));
  const y = all.click.subarray(nTrain);
  const heldOutLogLoss = logLoss(p, y);
  const truthLogLoss = logLoss(all.truth.subarray(nTrain), y);
  const base = y.reduce((a, b) => a + b, 0) / y.length;
  const constantLogLoss = logLoss(new Float32Array(y.length).fill(base), y);
  o.log(
    `held out: log loss ${heldOutLogLoss.toFixed(4)}; a constant predictor ${constantLogLoss.toFixed(4)}; the true probabilities ${truthLogLoss.toFixed(4)}`,
  );
  return { heldOutLogLoss, truthLogLoss };
}
