import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../src/graph/graph.js";
import { buildModel, parseModelSpec, ZOO_TYPES } from "../src/models/registry.js";
import type { ModelContext, TaskSpec } from "../src/models/types.js";
import { FeatureEncoder } from "../src/nn/feature-encoder.js";
import { Rng } from "../src/nn/rng.js";
import { Adam } from "../src/optim/adam.js";
import { compileInference, compileTrainStep, LEVEL_GATE_PREFIX, labelColumn } from "../src/train/programs.js";

const TASKS: TaskSpec[] = [
  { name: "click", type: "binary" },
  { name: "watch", type: "regression" },
];
const ENCODER = {
  sparse: [
    { name: "user", rows: 20 },
    { name: "item", rows: 10 },
  ],
  dense: ["d0", "d1", "d2"],
  embeddingDim: 4,
  groups: { user_side: ["user", "d0"] },
};

function context(seed: number): ModelContext {
  const rng = new Rng(seed);
  return { tasks: TASKS, encoder: ENCODER, rng, newEncoder: () => new FeatureEncoder(ENCODER, rng) };
}

function batch(n: number, seed: number) {
  const rng = new Rng(seed);
  const user = Int32Array.from({ length: n }, () => rng.int(20));
  const item = Int32Array.from({ length: n }, () => rng.int(10));
  const dense = Float32Array.from({ length: n * 3 }, () => rng.normal());
  const click = Float32Array.from({ length: n }, (_, i) => ((user[i] as number) % 2 === 0 && (dense[3 * i] as number) > 0 ? 1 : 0));
  const watch = Float32Array.from({ length: n }, (_, i) => (item[i] as number) / 10 + 0.5 * (dense[3 * i + 1] as number));
  return { user, item, dense, [labelColumn("click")]: click, [labelColumn("watch")]: watch };
}

const SPECS = ZOO_TYPES.map((type) =>
  parseModelSpec({ type, ...(type === "mmoe" || type === "moe" || type === "cgc" || type === "ple" ? { gateInput: undefined } : {}) }),
);

for (const spec of SPECS) {
  test(`${spec.type}: forward gives a [B, 1] output per task, keyed by task name`, () => {
    const model = buildModel(spec, context(1));
    const g = new Graph({ training: false });
    const out = model.forward(g);
    assert.deepEqual(Object.keys(out.outputs).sort(), ["click", "watch"]);
    for (const o of Object.values(out.outputs)) assert.deepEqual(o.shape, ["B", 1]);
  });

  test(`${spec.type}: training steps lower the loss`, async () => {
    const model = buildModel(spec, context(2));
    const { step } = await compileTrainStep(model, TASKS, { threads: 1, seed: 1 });
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    const b = batch(256, 3);
    const first = (await step.run(b)).loss;
    opt.step();
    let last = first;
    for (let i = 0; i < 30; i++) {
      last = (await step.run(b)).loss;
      opt.step();
    }
    assert.ok(last < first * 0.8, `${spec.type}: loss ${first} -> ${last}`);
  });
}

for (const type of ["moe", "mmoe", "cgc", "ple"] as const) {
  test(`${type}: each task's gate weights are positive and sum to 1 on every row`, async () => {
    const model = buildModel(parseModelSpec({ type }), context(4));
    const infer = await compileInference(model, TASKS, { threads: 1 });
    const out = await infer.run(batch(64, 5));
    for (const t of TASKS) {
      const gate = out[`gate:${t.name}`];
      assert.ok(gate, `no gate output for ${t.name}`);
      const e = gate.dims[1] as number;
      const w = gate.data as Float32Array;
      for (let r = 0; r < 64; r++) {
        let s = 0;
        for (let k = 0; k < e; k++) {
          assert.ok((w[r * e + k] as number) > 0);
          s += w[r * e + k] as number;
        }
        assert.ok(Math.abs(s - 1) < 1e-5, `row ${r} sums to ${s}`);
      }
    }
  });
}

test("a gate can read a feature group instead of every input", async () => {
  const model = buildModel(parseModelSpec({ type: "mmoe", gateInput: "user_side" }), context(6));
  const infer = await compileInference(model, TASKS, { threads: 1 });
  const out = await infer.run(batch(8, 7));
  assert.deepEqual(out["gate:click"]?.dims, [8, 4]);
});

test("ple with 3 levels and cgc expose each task's own and the shared experts", async () => {
  for (const raw of [
    { type: "ple", levels: 3, taskExperts: 1, sharedExperts: 2 },
    { type: "cgc", taskExperts: 3, sharedExperts: 1 },
  ]) {
    const model = buildModel(parseModelSpec(raw), context(8));
    const g = new Graph({ training: false });
    const gates = model.forward(g).gates;
    const k = (raw as { taskExperts: number }).taskExperts;
    const s = (raw as { sharedExperts: number }).sharedExperts;
    assert.deepEqual(gates.click?.experts, [
      ...Array.from({ length: k }, (_, i) => `click/${i}`),
      ...Array.from({ length: s }, (_, i) => `shared/${i}`),
    ]);
    assert.deepEqual(gates.watch?.weights.shape, ["B", k + s]);
  }
});

/** Asserts every row of a gate output is positive and sums to 1. */
function assertDistributions(name: string, gate: { dims: readonly number[]; data: unknown } | undefined, rows: number): number {
  assert.ok(gate, `no output ${name}`);
  const e = gate.dims[1] as number;
  const w = gate.data as Float32Array;
  assert.equal(w.length, rows * e, name);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < e; k++) {
      assert.ok((w[r * e + k] as number) > 0, `${name}: row ${r}, expert ${k}`);
      s += w[r * e + k] as number;
    }
    assert.ok(Math.abs(s - 1) < 1e-5, `${name}: row ${r} sums to ${s}`);
  }
  return e;
}

test("a 3-level PLE's inference gives every level's gates, each row a distribution: each task's and the shared gate below the last level", async () => {
  const model = buildModel(parseModelSpec({ type: "ple", levels: 3, taskExperts: 1, sharedExperts: 2 }), context(10));
  const infer = await compileInference(model, TASKS, { threads: 1 });
  const out = await infer.run(batch(16, 11));
  // a task's gate mixes its own expert and the 2 shared ones; the shared gate every expert of its level
  for (const level of ["level0", "level1"]) {
    for (const t of TASKS) assert.equal(assertDistributions(`${level}/${t.name}`, out[`${LEVEL_GATE_PREFIX}${level}/${t.name}`], 16), 3);
    assert.equal(assertDistributions(`${level}/shared`, out[`${LEVEL_GATE_PREFIX}${level}/shared`], 16), 4);
  }
  for (const t of TASKS) assert.equal(assertDistributions(`gate:${t.name}`, out[`gate:${t.name}`], 16), 3);
  const lower = Object.keys(out).filter((k) => k.startsWith(LEVEL_GATE_PREFIX));
  assert.equal(lower.length, 6, lower.join(", "));
  const names = model.forward(new Graph({ training: false })).levelGates ?? {};
  assert.deepEqual(names["level1/shared"]?.experts, ["click/0", "watch/0", "shared/0", "shared/1"]);
  assert.deepEqual(names["level0/watch"]?.experts, ["watch/0", "shared/0", "shared/1"]);
});

test("only a PLE of two or more levels outputs lower levels' gates; CGC, a 1-level PLE and MMoE output the last level's only", async () => {
  for (const raw of [{ type: "cgc" }, { type: "ple", levels: 1 }, { type: "mmoe" }]) {
    const model = buildModel(parseModelSpec(raw), context(12));
    const infer = await compileInference(model, TASKS, { threads: 1 });
    const out = await infer.run(batch(4, 13));
    assert.deepEqual(
      Object.keys(out)
        .filter((k) => k.includes("gate"))
        .sort(),
      ["gate:click", "gate:watch"],
      raw.type,
    );
  }
});

test("an unknown model type lists the known ones; a bad option names its field", () => {
  assert.throws(
    () => parseModelSpec({ type: "mmmoe" }),
    /model.type is "mmmoe"; known architectures: single, shared-bottom, moe, mmoe, cgc, ple, esmm/,
  );
  assert.throws(() => parseModelSpec({ type: "mmoe", experts: 0 }), /model\.experts:/);
  assert.throws(() => parseModelSpec({ type: "mmoe", expertz: 3 }), /model/);
});

test("single keeps every task's parameters apart: no parameter is read by two tasks", () => {
  const model = buildModel(parseModelSpec({ type: "single" }), context(9));
  const names = model.parameters().map((p) => p.name);
  const click = names.filter((n) => n.includes("click"));
  const watch = names.filter((n) => n.includes("watch"));
  assert.equal(click.length + watch.length, names.length);
  assert.ok(click.some((n) => n.startsWith("encoder.click.user")));
});

for (const spec of SPECS) {
  test(`${spec.type}: a frozen inference program (weights baked in) scores as the live one, and keeps its weights when they change`, async () => {
    const model = buildModel(spec, context(9));
    const live = await compileInference(model, TASKS, { threads: 1 });
    const frozen = await compileInference(model, TASKS, { threads: 1, frozen: true });
    assert.ok(frozen.program.inputNames.length < live.program.inputNames.length, "the frozen graph still takes its weights as inputs");
    const b = batch(32, 10);
    const [a, z] = [await live.run(b), await frozen.run(b)];
    for (const key of Object.keys(a)) {
      const x = a[key]?.data as Float32Array;
      const y = z[key]?.data as Float32Array;
      assert.equal(y.length, x.length, key);
      for (let i = 0; i < x.length; i++)
        assert.ok(Math.abs((x[i] as number) - (y[i] as number)) <= 1e-6, `${key}[${i}]: ${x[i]} vs ${y[i]}`);
    }
    for (const p of model.parameters()) p.data.fill(0);
    const after = await frozen.run(b);
    assert.deepEqual(after["pred:click"]?.data, z["pred:click"]?.data);
  });
}
