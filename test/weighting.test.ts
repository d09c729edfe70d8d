import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../src/graph/grad.js";
import { Graph, type Sym } from "../src/graph/graph.js";
import * as ops from "../src/graph/ops/index.js";
import { term } from "../src/models/objective.js";
import { buildModel, parseModelSpec } from "../src/models/registry.js";
import type { TaskSpec } from "../src/models/types.js";
import { FeatureEncoder } from "../src/nn/feature-encoder.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/adam.js";
import { Program } from "../src/runtime/program.js";
import { feedInputs } from "../src/train/feeds.js";
import { compileTrainStep, labelColumn, partOutput } from "../src/train/programs.js";
import { buildWeighting, parseLossWeighting, WEIGHTING_TYPES } from "../src/weighting/registry.js";
import { UncertaintyWeighting } from "../src/weighting/uncertainty.js";
import { out } from "./helpers/out.js";

const TASKS: TaskSpec[] = [
  { name: "click", type: "binary" },
  { name: "watch", type: "regression" },
];
const ENCODER = { sparse: [{ name: "user", rows: 20 }], dense: ["d0", "d1"], embeddingDim: 4 };

function model(type: string, seed = 1) {
  const rng = new Rng(seed);
  return buildModel(parseModelSpec({ type }), { tasks: TASKS, encoder: ENCODER, rng, newEncoder: () => new FeatureEncoder(ENCODER, rng) });
}

function batch(n: number, seed: number) {
  const rng = new Rng(seed);
  const user = Int32Array.from({ length: n }, () => rng.int(20));
  const dense = Float32Array.from({ length: 2 * n }, () => rng.normal());
  const click = Float32Array.from({ length: n }, (_, i) => ((dense[2 * i] as number) > 0 ? 1 : 0));
  const watch = Float32Array.from({ length: n }, (_, i) => 300 + 100 * (dense[2 * i + 1] as number)); // seconds: an MSE in the thousands
  return { user, dense, [labelColumn("click")]: click, [labelColumn("watch")]: watch };
}

test("uncertainty weighting's loss is Σ c·e^(−s)·L + ½·log(1 + e^s), with c = ½ for regression, and its gradients match by hand", async () => {
  const g = new Graph({ floatType: "float64" });
  const lc = g.input("lc", []);
  const lw = g.input("lw", []);
  const u = new UncertaintyWeighting();
  const { loss } = u.trace({
    graph: g,
    terms: { click: term(lc), watch: term(lw) },
    regression: { click: false, watch: true },
    shared: [],
  });
  const s = Object.values(u.module?.s ?? {}).map((p) => g.bind(p.name, p.shape));
  const grads = grad(loss, [lc, lw, ...s]);
  g.output("loss", loss);
  for (const [k, x] of grads.entries()) g.output(`g${k}`, x);
  const program = await Program.fromGraph(g, "uncertainty", { threads: 1 });
  const [sc, sw] = [0.3, -0.7];
  const [Lc, Lw] = [0.6, 40];
  const f = (v: number, dims: number[] = []) => ({ type: "float64" as const, data: Float64Array.of(v), dims });
  const feeds = { lc: f(Lc), lw: f(Lw), [s[0]!.name]: f(sc, [1]), [s[1]!.name]: f(sw, [1]) };
  const r = await program.run(feeds);
  const softplus = (x: number) => Math.log(1 + Math.exp(x));
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const expected = Math.exp(-sc) * Lc + 0.5 * softplus(sc) + 0.5 * Math.exp(-sw) * Lw + 0.5 * softplus(sw);
  assert.ok(Math.abs(out(r, "loss")[0]! - expected) < 1e-12);
  const want = [Math.exp(-sc), 0.5 * Math.exp(-sw), -Math.exp(-sc) * Lc + 0.5 * sigmoid(sc), -0.5 * Math.exp(-sw) * Lw + 0.5 * sigmoid(sw)];
  for (const [k, w] of want.entries()) assert.ok(Math.abs(out(r, `g${k}`)[0]! - w) < 1e-12, `gradient ${k}`);
  assert.ok(expected > 0);
});

test("per-task gradients on shared parameters from one graph equal those of separate single-loss graphs", async () => {
  const m = model("mmoe", 2);
  const b = batch(32, 3);
  const { step } = await compileTrainStep(m, TASKS, { threads: 1, weighting: buildWeighting({ type: "pcgrad" }, 1) });
  const joint = await step.run(b);
  const params = new Map(m.allParameters().map((p) => [p.name, p]));
  for (const task of TASKS) {
    const g = new Graph({ training: true, tablesInGraph: true });
    const labels = Object.fromEntries(TASKS.map((t) => [t.name, g.input(labelColumn(t.name), ["B", 1])]));
    const o = m.forward(g).outputs[task.name] as Sym;
    const single = task.type === "binary" ? ops.bceWithLogits(o, labels.click as Sym) : ops.mse(o, labels.watch as Sym);
    // the first shared parameter in forward order is the experts' first weight matrix
    const experts = g.inputs.find((i) => i.key === "experts.0.weight");
    assert.ok(experts);
    g.output("g", grad(single, [experts.sym])[0] as Sym);
    const separate = await (await Program.fromGraph(g, "single", { threads: 1 })).run(feedInputs(g, params, b, 32));
    const want = out(separate, "g");
    const got = out(joint.outputs, `taskgrad:${task.name}:0`);
    assert.equal(got.length, want.length);
    for (let i = 0; i < got.length; i++)
      assert.ok(Math.abs((got[i] as number) - (want[i] as number)) < 1e-5 * Math.max(1, Math.abs(want[i] as number)));
  }
});

for (const type of WEIGHTING_TYPES) {
  test(`${type}: training with it lowers the click loss, and its weights stay finite and positive`, async () => {
    const m = model("mmoe", 4);
    const weighting = buildWeighting(parseLossWeighting({ type }), 1);
    const { step, terms } = await compileTrainStep(m, TASKS, { threads: 1, weighting });
    const opt = new Adam([...m.parameters(), ...(weighting.module?.parameters() ?? [])], { lr: 0.01 });
    const b = batch(128, 5);
    let first = 0;
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const r = await step.run(Object.assign(b, weighting.feeds()));
      const losses = Object.fromEntries(terms.map((t) => [t, out(r.outputs, partOutput(t))[0] as number]));
      weighting.after({ outputs: r.outputs, losses });
      opt.step();
      if (i === 0) first = losses.click as number;
      last = losses.click as number;
    }
    assert.ok(last < first, `${type}: click loss ${first} -> ${last}`);
    // PE-LTR may put a term at its lower bound (0 here); every other strategy keeps weights above 0
    for (const w of Object.values(weighting.weights()))
      assert.ok(Number.isFinite(w) && (type === "pe-ltr" ? w >= 0 : w > 0), `${type}: weight ${w}`);
    if (type === "gradnorm") assert.ok(Math.abs(Object.values(weighting.weights()).reduce((a, b) => a + b, 0) - 2) < 1e-9);
    if (type === "pe-ltr") assert.ok(Math.abs(Object.values(weighting.weights()).reduce((a, b) => a + b, 0) - 1) < 1e-9);
  });
}

test("an unknown strategy lists the known ones", () => {
  assert.throws(() => parseLossWeighting({ type: "magic" }), /known strategies: static, normalize, uncertainty, gradnorm, pcgrad, pe-ltr/);
  assert.throws(() => parseLossWeighting({ type: "gradnorm", alpha: -1 }), /lossWeighting\.alpha/);
});

test("normalize's log1p transform trains on compressed seconds and predicts back in seconds", async () => {
  const { compress, expand } = await import("../src/losses/label-transform.js");
  const g = new Graph({ floatType: "float64" });
  const y = g.input("y", ["B", 1]);
  g.output("log1p", expand(compress(y, "log1p"), "log1p"));
  g.output("sqrt", expand(compress(y, "sqrt"), "sqrt"));
  const values = Float64Array.of(0, 1, 30, 1200);
  const r = await (await Program.fromGraph(g, "transform", { threads: 1 })).run({ y: { type: "float64", data: values, dims: [4, 1] } });
  for (const k of ["log1p", "sqrt"])
    for (const [i, v] of values.entries()) assert.ok(Math.abs(out(r, k)[i]! - v) < 1e-9 * Math.max(1, v), `${k} round trip of ${v}`);
  const m = model("mmoe", 6);
  const transforms = { watch: "log1p" as const };
  const weighting = buildWeighting(parseLossWeighting({ type: "normalize", transform: transforms }), 1);
  const { step, terms } = await compileTrainStep(m, TASKS, { threads: 1, weighting, transforms });
  const opt = new Adam(m.parameters(), { lr: 0.02 });
  const b = batch(256, 7);
  for (let i = 0; i < 150; i++) {
    const res = await step.run(Object.assign(b, weighting.feeds()));
    weighting.after({
      outputs: res.outputs,
      losses: Object.fromEntries(terms.map((t) => [t, out(res.outputs, partOutput(t))[0] as number])),
    });
    opt.step();
  }
  const { compileInference } = await import("../src/train/programs.js");
  const pred = out(await (await compileInference(m, TASKS, { threads: 1, transforms })).run(b), "pred:watch");
  const meanPred = Array.from(pred).reduce((a, v) => a + v, 0) / pred.length;
  assert.ok(meanPred > 200 && meanPred < 400, `watch time predicted in seconds: mean ${meanPred} (labels ≈ 300)`);
});
