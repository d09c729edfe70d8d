import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { inferSchema } from "../src/data/infer-schema.js";
import { readChunks } from "../src/data/reader.js";
import { mmoeTasks, synthMmoe, writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** w_tᵀx for every row, with the task parameters synthMmoe draws for `seed` (its first fork). */
function linearParts(seed: number, correlation: number, x: Float32Array, dim: number): [Float64Array, Float64Array] {
  const tasks = mmoeTasks(new Rng(seed).fork(), correlation, "reproduction", dim);
  const rows = x.length / dim;
  const first = new Float64Array(rows);
  const second = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < dim; k++) {
      first[r] = (first[r] as number) + (tasks.w1[k] as number) * (x[r * dim + k] as number);
      second[r] = (second[r] as number) + (tasks.w2[k] as number) * (x[r * dim + k] as number);
    }
  }
  return [first, second];
}

/** The largest |y1 − (w1ᵀx + Σ sin(α_i w1ᵀx + β_i))|: only the noise when the tasks are the seed's. */
function largestNoise(seed: number, data: { x: Float32Array; y1: Float32Array }, dim: number): number {
  const tasks = mmoeTasks(new Rng(seed).fork(), 0.5, "reproduction", dim);
  const [linear] = linearParts(seed, 0.5, data.x, dim);
  let largest = 0;
  linear.forEach((z, r) => {
    let y = z;
    tasks.alpha.forEach((a, i) => {
      y += Math.sin(a * z + (tasks.beta[i] as number));
    });
    largest = Math.max(largest, Math.abs((data.y1[r] as number) - y));
  });
  return largest;
}

test("the tasks' linear parts correlate as asked, within 0.02 at 20,000 rows", () => {
  for (const p of [0, 0.5, 0.9, -0.5]) {
    const { x } = synthMmoe({ rows: 20_000, correlation: p, seed: 3 });
    const [a, b] = linearParts(3, p, x, 100);
    const r = pearson(a, b);
    assert.ok(Math.abs(r - p) < 0.02, `p = ${p}: ${r.toFixed(4)}`);
  }
});

test("the weight vectors have norm c and cosine p", () => {
  const { w1, w2 } = mmoeTasks(new Rng(5), 0.7, "integer", 100);
  const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, k) => s + ui * (v[k] as number), 0);
  assert.ok(Math.abs(Math.sqrt(dot(w1, w1)) - 1) < 1e-12);
  assert.ok(Math.abs(dot(w1, w2) / Math.sqrt(dot(w1, w1) * dot(w2, w2)) - 0.7) < 1e-12);
});

test("the labels' correlation falls as the task correlation falls", () => {
  for (const preset of ["reproduction", "integer"] as const) {
    const r = [1, 0.9, 0.5, 0].map((p) => {
      const { y1, y2 } = synthMmoe({ rows: 20_000, correlation: p, seed: 11, preset });
      return pearson(y1, y2);
    });
    for (let i = 1; i < r.length; i++)
      assert.ok((r[i] as number) < (r[i - 1] as number), `${preset}: ${r.map((v) => v.toFixed(3)).join(" ")}`);
  }
});

test("the same seed gives identical data, and more rows extend fewer", () => {
  const a = synthMmoe({ rows: 500, correlation: 0.5, seed: 9, dim: 20 });
  assert.deepEqual(a, synthMmoe({ rows: 500, correlation: 0.5, seed: 9, dim: 20 }));
  const longer = synthMmoe({ rows: 800, correlation: 0.5, seed: 9, dim: 20 });
  assert.deepEqual(longer.x.subarray(0, 500 * 20), a.x);
  assert.deepEqual(longer.y1.subarray(0, 500), a.y1);
  assert.notDeepEqual(synthMmoe({ rows: 500, correlation: 0.5, seed: 10, dim: 20 }).y1, a.y1);
});

test("another rowSeed draws other rows for the same tasks", () => {
  const train = synthMmoe({ rows: 2_000, correlation: 0.5, seed: 4, dim: 10 });
  const valid = synthMmoe({ rows: 2_000, correlation: 0.5, seed: 4, rowSeed: 99, dim: 10 });
  assert.notDeepEqual(valid.x.subarray(0, 10), train.x.subarray(0, 10));
  // σ = 0.1: five sigmas bound the noise; another seed's tasks would miss by whole units
  assert.ok(largestNoise(4, train, 10) < 0.5);
  assert.ok(largestNoise(4, valid, 10) < 0.5);
  assert.ok(largestNoise(5, valid, 10) > 1);
});

test("a correlation outside [-1, 1] is refused with a BAD_ARGUMENT error", () => {
  assert.throws(
    () => synthMmoe({ rows: 10, correlation: 1.5, seed: 1 }),
    (err: unknown) =>
      err instanceof MtrecError && err.code === "BAD_ARGUMENT" && /correlation must be in \[-1, 1\].*got 1\.5/.test(err.message),
  );
});

test("the CSV has x0..x{d-1}, y1, y2 and infers as dense inputs with two regression labels", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-synth-mmoe-"));
  try {
    const path = join(dir, "mmoe.csv");
    await writeSynthMmoeCsv(path, { rows: 300, correlation: 0.5, seed: 2, dim: 8, preset: "integer" });
    const schema = await inferSchema({ path }, ["y1", "y2"]);
    assert.deepEqual(
      schema.dense.map((f) => f.name),
      ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"],
    );
    assert.deepEqual(schema.sparse, []);
    assert.deepEqual(
      schema.labels.map((l) => l.type),
      ["regression", "regression"],
    );
    const { y1 } = synthMmoe({ rows: 300, correlation: 0.5, seed: 2, dim: 8, preset: "integer" });
    for await (const chunk of readChunks({ path }, { columns: ["y1"] })) {
      for (const [i, v] of (chunk.columns.y1 as Float64Array).entries()) assert.ok(Math.abs(v - (y1[i] as number)) < 1e-5);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
