import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../src/graph/grad.js";
import { Graph } from "../src/graph/graph.js";
import * as op from "../src/graph/ops/index.js";
import { Program } from "../src/runtime/program.js";
import { out } from "./helpers/out.js";

const f64 = (v: number[], dims: number[]) => ({ type: "float64" as const, data: Float64Array.from(v), dims });

test("detach() passes the value and gives exactly zero gradient through it", async () => {
  const g = new Graph({ floatType: "float64" });
  const x = g.input("x", ["B", 2]);
  const kept = op.sum(op.mul(x, x));
  const stopped = op.sum(op.mul(op.detach(x), 3));
  const [gx] = grad(op.add(kept, stopped), [x]);
  const [gOnlyStopped] = grad(stopped, [x]);
  g.output("value", stopped);
  g.output("gx", gx!);
  g.output("g0", gOnlyStopped!);
  const p = await Program.fromGraph(g, "detach", { threads: 1 });
  const r = await p.run({ x: f64([1, 2, 3, 4], [2, 2]) });
  assert.equal(out(r, "value")[0], 30);
  assert.deepEqual(Array.from(out(r, "gx")), [2, 4, 6, 8]);
  assert.deepEqual(Array.from(out(r, "g0")), [0, 0, 0, 0]);
});

test("per-task grad() calls in one graph equal separate single-loss graphs", async () => {
  const build = (g: Graph) => {
    const x = g.input("x", ["B", 3]);
    const w = g.input("w", [3, 4]);
    const h = op.tanh(op.matmul(x, w));
    const lossA = op.mean(op.square(op.sum(h, 1)));
    const lossB = op.mean(op.sigmoid(op.slice(h, 1, 1, 3)));
    return { w, lossA, lossB };
  };
  const feeds = {
    x: f64([0.1, -0.2, 0.3, 0.5, 0.4, -0.1], [2, 3]),
    w: f64(
      Array.from({ length: 12 }, (_, i) => Math.cos(i)),
      [3, 4],
    ),
  };
  const joint = new Graph({ floatType: "float64" });
  const j = build(joint);
  const [ga] = grad(j.lossA, [j.w]);
  const [gb] = grad(j.lossB, [j.w]);
  joint.output("ga", ga!);
  joint.output("gb", gb!);
  const both = await (await Program.fromGraph(joint, "joint", { threads: 1 })).run(feeds);
  for (const [task, key] of [
    ["lossA", "ga"],
    ["lossB", "gb"],
  ] as const) {
    const single = new Graph({ floatType: "float64" });
    const s = build(single);
    single.output("g", grad(s[task], [s.w])[0]!);
    const r = await (await Program.fromGraph(single, task, { threads: 1 })).run(feeds);
    assert.deepEqual(Array.from(out(both, key)), Array.from(out(r, "g")));
  }
});

test("a value used twice gets both gradient contributions", async () => {
  const g = new Graph({ floatType: "float64" });
  const x = g.input("x", [2]);
  const [gx] = grad(op.sum(op.add(op.mul(x, x), op.mul(x, 3))), [x]);
  g.output("gx", gx!);
  const r = await (await Program.fromGraph(g, "twice", { threads: 1 })).run({ x: f64([1, -2], [2]) });
  assert.deepEqual(Array.from(out(r, "gx")), [5, -1]);
});

test("a parameter the loss does not depend on gets a zero gradient", async () => {
  const g = new Graph({ floatType: "float64" });
  const x = g.input("x", ["B", 2]);
  const unused = g.input("unused", [3]);
  const [gu] = grad(op.mean(x), [unused]);
  g.output("gu", gu!);
  const r = await (await Program.fromGraph(g, "unused", { threads: 1 })).run({ x: f64([1, 2], [1, 2]), unused: f64([1, 2, 3], [3]) });
  assert.deepEqual(Array.from(out(r, "gu")), [0, 0, 0]);
});

test("bceWithLogits stays finite and exact for logits of ±1e4 in float32", async () => {
  const g = new Graph({ floatType: "float32" });
  const z = g.input("z", ["B", 1]);
  const y = g.input("y", ["B", 1]);
  const loss = op.bceWithLogits(z, y);
  g.output("loss", loss);
  g.output("gz", grad(loss, [z])[0]!);
  const p = await Program.fromGraph(g, "bce", { threads: 1 });
  const r = await p.run({
    z: { type: "float32", data: Float32Array.of(1e4, -1e4, 1e4, -1e4), dims: [4, 1] },
    y: { type: "float32", data: Float32Array.of(1, 0, 0, 1), dims: [4, 1] },
  });
  // two rows are right with certainty (loss 0) and two wrong by 1e4 each
  assert.ok(Math.abs((out(r, "loss")[0] as number) - 5000) < 1e-2);
  assert.deepEqual(Array.from(out(r, "gz")), [0, 0, 0.25, -0.25]);
});

test("bceWithLogits' gradient at a logit of exactly 0 is (0.5 − y)/n", async () => {
  const g = new Graph({ floatType: "float64" });
  const z = g.input("z", ["B", 1]);
  const y = g.input("y", ["B", 1]);
  g.output("gz", grad(op.bceWithLogits(z, y), [z])[0]!);
  const r = await (await Program.fromGraph(g, "bce0", { threads: 1 })).run({ z: f64([0, 0], [2, 1]), y: f64([1, 0], [2, 1]) });
  assert.deepEqual(Array.from(out(r, "gz")), [-0.25, 0.25]);
});

test("a masked loss averages over the masked rows only, and is 0 when none is masked", async () => {
  const g = new Graph({ floatType: "float64" });
  const p = g.input("p", ["B", 1]);
  const y = g.input("y", ["B", 1]);
  const m = g.input("m", ["B", 1]);
  g.output("loss", op.mse(p, y, { mask: m }));
  const prog = await Program.fromGraph(g, "masked", { threads: 1 });
  const run = async (mask: number[]) =>
    out(await prog.run({ p: f64([1, 2, 3], [3, 1]), y: f64([0, 0, 0], [3, 1]), m: f64(mask, [3, 1]) }), "loss")[0];
  assert.equal(await run([1, 0, 1]), 5);
  assert.equal(await run([0, 0, 0]), 0);
});

test("shape errors name the op and both shapes", () => {
  const g = new Graph();
  const a = g.input("a", ["B", 3]);
  const b = g.input("b", ["B", 4]);
  assert.throws(() => op.add(a, b), /add: shapes \[B, 3\] and \[B, 4\] do not broadcast/);
  assert.throws(() => op.gemm(a, b), /gemm: inner sizes differ/);
});

test("dropout's gradient is the upstream gradient times the same mask and scale as its output", async () => {
  const g = new Graph({ floatType: "float64", seed: 5 });
  const x = g.input("x", ["B", 1000]);
  const w = g.input("w", ["B", 1000]);
  const y = op.dropout(x, 0.3);
  g.output("y", y);
  g.output("gx", grad(op.sum(op.mul(y, w)), [x])[0]!);
  const p = await Program.fromGraph(g, "dropout", { threads: 1 });
  const xs = Array.from({ length: 2000 }, (_, i) => 1 + (i % 7));
  const ws = Array.from({ length: 2000 }, (_, i) => Math.cos(i));
  const r = await p.run({ x: f64(xs, [2, 1000]), w: f64(ws, [2, 1000]) });
  const ys = out(r, "y");
  const gx = out(r, "gx");
  let dropped = 0;
  for (let i = 0; i < xs.length; i++) {
    const scale = (ys[i] as number) / (xs[i] as number);
    assert.ok(scale === 0 || Math.abs(scale - 1 / 0.7) < 1e-12, `element ${i} scaled by ${scale}`);
    assert.ok(Math.abs((gx[i] as number) - (ws[i] as number) * scale) < 1e-12);
    if (scale === 0) dropped++;
  }
  assert.ok(Math.abs(dropped / xs.length - 0.3) < 0.04, `dropped ${dropped} of ${xs.length}`);
});

test("dropout is the identity in an inference graph", () => {
  const g = new Graph({ training: false });
  const x = g.input("x", ["B", 4]);
  assert.equal(op.dropout(x, 0.5), x);
});
