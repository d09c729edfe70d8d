import assert from "node:assert/strict";
import { test } from "node:test";
import ort from "onnxruntime-node";
import type { Graph, Sym } from "../src/graph/graph.js";
import { add } from "../src/graph/ops/add.js";
import { concat } from "../src/graph/ops/concat.js";
import { bceWithLogits, mse } from "../src/graph/ops/index.js";
import { sum } from "../src/graph/ops/sum.js";
import { Embedding } from "../src/nn/embedding.js";
import { Linear } from "../src/nn/linear.js";
import { MLP } from "../src/nn/mlp.js";
import { Module } from "../src/nn/module.js";
import { BatchNorm } from "../src/nn/norm.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/index.js";
import { exportOnnx, InferProgram } from "../src/train/infer.js";
import { TrainStep } from "../src/train/step.js";
import { out } from "./helpers/out.js";

test("a tiny MLP learns XOR", async () => {
  const mlp = new MLP(2, [8], 1, new Rng(1), { activation: "tanh" });
  const step = await TrainStep.compile({
    module: mlp,
    inputs: { x: ["B", 2], y: ["B", 1] },
    loss: ({ x, y }) => bceWithLogits(mlp.forward(x!), y!),
    threads: 1,
  });
  const opt = new Adam(mlp.parameters(), { lr: 0.05 });
  const batch = { x: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), y: Float32Array.of(0, 1, 1, 0) };
  let loss = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 300; i++) {
    loss = (await step.run(batch)).loss;
    opt.step();
  }
  assert.ok(loss < 0.05, `XOR loss after 300 steps: ${loss}`);
  const infer = await InferProgram.compile({
    module: mlp,
    inputs: { x: ["B", 2] },
    outputs: ({ x }) => ({ logit: mlp.forward(x!) }),
    threads: 1,
  });
  const logits = out(await infer.run({ x: batch.x }), "logit");
  assert.deepEqual(
    Array.from(logits, (z) => (z > 0 ? 1 : 0)),
    [0, 1, 1, 0],
  );
});

/** A logistic model on one embedding field plus a dense feature, with a known truth. */
class EmbeddingLogistic extends Module {
  readonly emb: Embedding;
  readonly head: Linear;
  constructor(rows: number, rng: Rng) {
    super();
    this.emb = this.add("emb", new Embedding(rows, 4, rng, { std: 0.1 }));
    this.head = this.add("head", new Linear(5, 1, rng));
  }
  forward(id: string, x: Sym, g: Graph): Sym {
    return this.head.forward(concat([this.emb.lookup(id, g), x], 1));
  }
}

function logisticData(n: number, rows: number, seed: number) {
  const rng = new Rng(seed);
  const effect = Array.from({ length: rows }, () => rng.normal());
  const id = new Int32Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = rng.int(rows);
    x[i] = rng.normal();
    const z = (effect[id[i] as number] as number) + 0.8 * (x[i] as number);
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { id, x, y };
}

async function trainLogistic(lazy: boolean): Promise<number> {
  const rows = 50;
  const model = new EmbeddingLogistic(rows, new Rng(3));
  const step = await TrainStep.compile({
    module: model,
    inputs: { x: ["B", 1], y: ["B", 1] },
    loss: ({ x, y }, g) => bceWithLogits(model.forward("id", x!, g), y!),
    threads: 1,
  });
  const opt = new Adam(model.parameters(), { lr: 0.02, lazy });
  const data = logisticData(8192, rows, 5);
  const bs = 256;
  for (let epoch = 0; epoch < 4; epoch++) {
    for (let s = 0; s < data.y.length; s += bs) {
      await step.run({ id: data.id.subarray(s, s + bs), x: data.x.subarray(s, s + bs), y: data.y.subarray(s, s + bs) });
      opt.step();
    }
  }
  const infer = await InferProgram.compile({
    module: model,
    inputs: { x: ["B", 1], y: ["B", 1] },
    outputs: ({ x, y }, g) => ({ loss: bceWithLogits(model.forward("id", x!, g), y!) }),
    threads: 1,
  });
  const held = logisticData(4096, rows, 5);
  return out(await infer.run(held), "loss")[0] as number;
}

test("embedding + logistic model with lazy Adam reaches a loss within 1 % of dense Adam's", async () => {
  const lazy = await trainLogistic(true);
  const dense = await trainLogistic(false);
  assert.ok(Math.abs(lazy - dense) / dense < 0.01, `lazy ${lazy} vs dense ${dense}`);
  assert.ok(dense < 0.6, `the model learned something: ${dense}`);
});

test("an embedding's sparse gradient sums repeated rows and touches only rows in the batch", async () => {
  const rng = new Rng(1);
  class Sum extends Module {
    emb = this.add("emb", new Embedding(10, 2, rng));
    forward(g: Graph): Sym {
      return sum(add(this.emb.lookup("a", g), this.emb.lookup("b", g)));
    }
  }
  const m = new Sum();
  const step = await TrainStep.compile({ module: m, inputs: {}, loss: (_, g) => m.forward(g), threads: 1 });
  await step.run({ a: Int32Array.of(3, 3, 7), b: Int32Array.of(7, 1, 1) });
  const sg = m.emb.table.sparseGrad;
  assert.ok(sg);
  const byRow = new Map(Array.from(sg.rows, (r, i) => [r, Array.from(sg.values.subarray(2 * i, 2 * i + 2))]));
  assert.deepEqual([...byRow.keys()].sort(), [1, 3, 7]);
  assert.deepEqual(byRow.get(3), [2, 2]);
  assert.deepEqual(byRow.get(7), [2, 2]);
  assert.deepEqual(byRow.get(1), [2, 2]);
});

test("a lookup outside the table names the row, the index and the table", async () => {
  const m = new (class extends Module {
    emb = this.add("emb", new Embedding(4, 2, new Rng(1)));
  })();
  const step = await TrainStep.compile({ module: m, inputs: {}, loss: (_, g) => sum(m.emb.lookup("id", g)), threads: 1 });
  await assert.rejects(step.run({ id: Int32Array.of(0, 9) }), /row 1 of the batch looks up index 9 in table "emb.table", which has 4 rows/);
});

test("the exported ONNX model runs in plain onnxruntime and matches mtrec's predictions", async () => {
  const rng = new Rng(4);
  class Ranker extends Module {
    emb = this.add("emb", new Embedding(20, 3, rng));
    mlp = this.add("mlp", new MLP(4, [8], 1, rng, { norm: "batch", dropout: 0.3 }));
    forward(x: Sym, g: Graph): Sym {
      return this.mlp.forward(concat([this.emb.lookup("id", g), x], 1));
    }
  }
  const m = new Ranker();
  const spec = {
    module: m,
    inputs: { x: ["B", 1] as ["B", number] },
    outputs: ({ x }: Record<string, Sym>, g: Graph) => ({ score: m.forward(x!, g) }),
    threads: 1,
  };
  const bytes = exportOnnx(spec);
  const batch = { x: Float32Array.of(0.5, -1, 2), id: Int32Array.of(1, 19, 4) };
  const ours = out(await (await InferProgram.compile(spec)).run(batch), "score");
  const session = await ort.InferenceSession.create(bytes);
  const r = await session.run({ x: new ort.Tensor("float32", batch.x, [3, 1]), id: new ort.Tensor("int32", batch.id, [3]) });
  // ONNX Runtime folds baked constants in another order: equal to float32 rounding
  const theirs = r.score?.data as Float32Array;
  for (const [i, v] of ours.entries()) assert.ok(Math.abs(v - (theirs[i] as number)) < 1e-6, `row ${i}: ${v} vs ${theirs[i]}`);
  assert.deepEqual([...session.inputNames].sort(), ["id", "x"]);
});

test("batch norm updates its running statistics in training and uses them in inference", async () => {
  const bn = new BatchNorm(1, new Rng(1), 0.5);
  const step = await TrainStep.compile({ module: bn, inputs: { x: ["B", 1] }, loss: ({ x }) => sum(bn.forward(x!)), threads: 1 });
  await step.run({ x: Float32Array.of(1, 3) });
  // batch mean 2, unbiased batch variance 2; momentum 0.5 from (0, 1)
  assert.deepEqual(Array.from(bn.runningMean.data), [1]);
  assert.deepEqual(Array.from(bn.runningVar.data), [1.5]);
  const infer = await InferProgram.compile({
    module: bn,
    inputs: { x: ["B", 1] },
    outputs: ({ x }) => ({ y: bn.forward(x!) }),
    threads: 1,
  });
  const y = out(await infer.run({ x: Float32Array.of(1) }), "y");
  assert.ok(Math.abs((y[0] as number) - 0) < 1e-6);
});

test("dropout is seeded: the same seed repeats a run, another seed differs, inference is deterministic", async () => {
  const run = async (seed: number) => {
    const mlp = new MLP(4, [16], 1, new Rng(1), { dropout: 0.5 });
    const step = await TrainStep.compile({
      module: mlp,
      seed,
      inputs: { x: ["B", 4], y: ["B", 1] },
      loss: ({ x, y }) => mse(mlp.forward(x!), y!),
      threads: 1,
    });
    const batch = { x: new Float32Array(32).map((_, i) => Math.sin(i)), y: new Float32Array(8).fill(1) };
    return [(await step.run(batch)).loss, (await step.run(batch)).loss];
  };
  const a = await run(1);
  assert.deepEqual(await run(1), a);
  assert.notDeepEqual(await run(2), a);
  assert.notEqual(a[0], a[1]);
});

test("the same seed gives the same model: two training runs are bit-identical", async () => {
  const trainOnce = async () => {
    const mlp = new MLP(3, [16, 8], 1, new Rng(7), { dropout: 0.1 });
    const step = await TrainStep.compile({
      module: mlp,
      seed: 3,
      threads: 1,
      inputs: { x: ["B", 3], y: ["B", 1] },
      loss: ({ x, y }) => bceWithLogits(mlp.forward(x!), y!),
    });
    const opt = new Adam(mlp.parameters(), { lr: 0.01 });
    const rng = new Rng(9);
    for (let i = 0; i < 20; i++) {
      await step.run({
        x: new Float32Array(192).map(() => rng.normal()),
        y: new Float32Array(64).map(() => (rng.uniform() < 0.5 ? 1 : 0)),
      });
      opt.step();
    }
    return mlp.parameters().flatMap((p) => Array.from(p.data));
  };
  assert.deepEqual(await trainOnce(), await trainOnce());
});
