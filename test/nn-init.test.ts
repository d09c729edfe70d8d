import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { ExpertBank } from "../src/models/expert-bank.js";
import { Gate } from "../src/models/gate.js";
import { buildModel, parseModelSpec } from "../src/models/registry.js";
import type { ModelContext } from "../src/models/types.js";
import { FeatureEncoder } from "../src/nn/feature-encoder.js";
import type { LinearInit } from "../src/nn/init.js";
import { Linear } from "../src/nn/linear.js";
import { MLP } from "../src/nn/mlp.js";
import type { Parameter } from "../src/nn/parameter.js";
import { Rng } from "../src/nn/rng.js";
import { parseTrainConfig } from "../src/train/config.js";

function stats(a: Float32Array): { max: number; mean: number; variance: number } {
  let max = 0;
  let s = 0;
  for (const v of a) {
    max = Math.max(max, Math.abs(v));
    s += v;
  }
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { max, mean, variance: q / a.length };
}

function byName(params: Parameter[], suffix: string): Float32Array {
  const p = params.find((q) => q.name.endsWith(suffix));
  assert.ok(p, `no parameter ending in ${suffix}: ${params.map((q) => q.name).join(", ")}`);
  return p.data;
}

/** Asserts U(−bound, bound): nothing outside, the edge reached, and the uniform's variance bound²/3. */
function assertUniform(a: Float32Array, bound: number, tolerance: number): void {
  const s = stats(a);
  assert.ok(s.max <= bound, `max |w| ${s.max} above the bound ${bound}`);
  assert.ok(s.max > 0.98 * bound, `max |w| ${s.max} far inside the bound ${bound}: not this uniform`);
  assert.ok(Math.abs(s.variance / ((bound * bound) / 3) - 1) < tolerance, `variance ${s.variance}, expected ${(bound * bound) / 3}`);
}

test("the default Linear init is nn.Linear's: weights and biases uniform in ±1/√fan_in", () => {
  const layer = new Linear(400, 500, new Rng(1));
  assertUniform(layer.weight.data, 1 / Math.sqrt(400), 0.02); // 200,000 draws: the variance to ~0.3 %
  const bias = layer.bias?.data as Float32Array;
  assertUniform(bias, 1 / Math.sqrt(400), 0.15); // 500 draws: the variance to ~4 %
  // the bias bound is the fan-in's, not the fan-out's (1/√500 = 0.0447)
  assert.ok(stats(bias).max > 1 / Math.sqrt(500));
});

test('"he" gives He normal (variance 2/fan_in) before a ReLU, Xavier uniform on the output layer, zero biases', () => {
  const mlp = new MLP(300, [400], 200, new Rng(2), { init: "he" });
  const params = mlp.parameters();
  const hidden = stats(byName(params, "0.weight"));
  assert.ok(Math.abs(hidden.variance / (2 / 300) - 1) < 0.02, `hidden variance ${hidden.variance}`);
  assert.ok(hidden.max > Math.sqrt(2 / 300) * 3, "a normal's tails reach past 3 sd over 120,000 draws");
  assertUniform(byName(params, "out.weight"), Math.sqrt(6 / (400 + 200)), 0.02);
  for (const b of ["0.bias", "out.bias"]) assert.equal(stats(byName(params, b)).max, 0);
});

test('"xavier" gives every layer Xavier uniform, ±√(6/(fan_in + fan_out)), and zero biases', () => {
  const mlp = new MLP(300, [400], 200, new Rng(3), { init: "xavier" });
  const params = mlp.parameters();
  assertUniform(byName(params, "0.weight"), Math.sqrt(6 / 700), 0.02);
  assertUniform(byName(params, "out.weight"), Math.sqrt(6 / 600), 0.02);
  assert.equal(stats(byName(params, "0.bias")).max, 0);
});

test('"normal" gives every layer N(0, 0.01²) and zero biases', () => {
  const mlp = new MLP(300, [400], 200, new Rng(4), { init: "normal" });
  const params = mlp.parameters();
  for (const w of ["0.weight", "out.weight"]) {
    const s = stats(byName(params, w));
    assert.ok(Math.abs(Math.sqrt(s.variance) / 0.01 - 1) < 0.01, `${w}: sd ${Math.sqrt(s.variance)}`);
  }
  assert.equal(stats(byName(params, "out.bias")).max, 0);
});

test("an expert bank's deeper layers take each expert's fan-in (its input width), not the stacked shape's", () => {
  // layer 1 is stored [E = 8, 64, 32]: its fan-in is 64, which the shape's first axis (8) is not
  const pytorch = new ExpertBank(100, 8, [64, 32], new Rng(5)).parameters();
  assertUniform(byName(pytorch, "0.weight"), 1 / Math.sqrt(100), 0.02);
  assertUniform(byName(pytorch, "1.weight"), 1 / Math.sqrt(64), 0.05);
  assertUniform(byName(pytorch, "1.bias"), 1 / Math.sqrt(64), 0.25);
  const he = new ExpertBank(100, 8, [64, 32], new Rng(5), { init: "he" }).parameters();
  const deep = stats(byName(he, "1.weight"));
  assert.ok(Math.abs(deep.variance / (2 / 64) - 1) < 0.05, `variance ${deep.variance}, expected ${2 / 64}`);
});

test('a gate is an nn.Linear under "pytorch" and starts at zero (equal expert shares) under mtrec\'s own schemes', () => {
  const pytorch = new Gate(400, 50, new Rng(6)).parameters();
  assertUniform(byName(pytorch, "weight"), 1 / Math.sqrt(400), 0.05);
  for (const init of ["he", "xavier", "normal"] as LinearInit[]) {
    for (const p of new Gate(400, 50, new Rng(6), init).parameters()) assert.equal(stats(p.data).max, 0, `${init}: ${p.name}`);
  }
});

function mmoe(init: string | undefined, seed: number): Parameter[] {
  const rng = new Rng(seed);
  const encoder = { sparse: [{ name: "user", rows: 30 }], dense: ["d0", "d1"], embeddingDim: 4 };
  const ctx: ModelContext = {
    tasks: [
      { name: "a", type: "binary" },
      { name: "b", type: "regression" },
    ],
    encoder,
    rng,
    newEncoder: () => new FeatureEncoder(encoder, rng),
  };
  return buildModel(parseModelSpec({ type: "mmoe", ...(init ? { init } : {}) }), ctx).allParameters();
}

test("the same seed gives the same weights, another seed other weights", () => {
  const a = mmoe(undefined, 9);
  const b = mmoe(undefined, 9);
  const c = mmoe(undefined, 10);
  assert.deepEqual(
    a.map((p) => Array.from(p.data)),
    b.map((p) => Array.from(p.data)),
  );
  assert.notDeepEqual(
    a.map((p) => Array.from(p.data)),
    c.map((p) => Array.from(p.data)),
  );
});

test('model.init defaults to "pytorch" and reaches the towers: their output layer is uniform, not Xavier', () => {
  assert.equal(parseModelSpec({ type: "esmm" }).init, "pytorch");
  const out = byName(mmoe(undefined, 11), "tower.a.mlp.out.bias");
  assert.ok(stats(out).max > 0, "nn.Linear's bias is not zero");
  assert.equal(stats(byName(mmoe("he", 11), "tower.a.mlp.out.bias")).max, 0);
});

test("an unknown model.init is a config error that names the field and the choices", () => {
  assert.throws(
    () => parseModelSpec({ type: "mmoe", init: "kaiming" }, "c.json: model"),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_CONFIG" && /c\.json: model\.init/.test(e.message) && /"he"/.test(e.message),
  );
});

test("embedding.std sets the tables' normal initialisation", () => {
  const config = parseTrainConfig({ labels: ["a"], embedding: { std: 0.5 } });
  assert.equal(config.embedding.std, 0.5);
  const encoder = new FeatureEncoder(
    { sparse: [{ name: "user", rows: 5000 }], dense: [], embeddingDim: 8, embeddingStd: config.embedding.std },
    new Rng(12),
  );
  const s = stats(byName(encoder.allParameters(), "table"));
  assert.ok(Math.abs(Math.sqrt(s.variance) / 0.5 - 1) < 0.02, `sd ${Math.sqrt(s.variance)}`);
  assert.throws(() => parseTrainConfig({ labels: ["a"], embedding: { std: 0 } }), /field embedding\.std/);
});
