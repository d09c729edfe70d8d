import assert from "node:assert/strict";
import { test } from "node:test";
import { bootstrap, resample, resampleRows } from "../src/causal/estimators/bootstrap.js";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";

const rng = new Rng(42);
const values = Float64Array.from({ length: 1_000 }, () => rng.normal());
const mean = (idx: Int32Array) => resample(values, idx).reduce((a, b) => a + b, 0) / idx.length;

test("the same seed gives the same replicates; another seed gives others", () => {
  const first = bootstrap(values.length, mean, { seed: 3 });
  const again = bootstrap(values.length, mean, { seed: 3 });
  const other = bootstrap(values.length, mean, { seed: 4 });
  assert.deepEqual(Array.from(again.estimates), Array.from(first.estimates));
  assert.deepEqual(again.ci, first.ci);
  assert.notDeepEqual(Array.from(other.estimates), Array.from(first.estimates));
});

test("the bootstrap se of a mean of 1,000 standard normals is within 15 % of sd/√n", () => {
  const n = values.length;
  const sampleMean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - sampleMean) ** 2, 0) / (n - 1));
  const { se } = bootstrap(n, mean, { seed: 5, replicates: 400 });
  // 400 replicates pin the se to about ±3.5 %; observed ratio printed on failure.
  assert.ok(Math.abs(se / (sd / Math.sqrt(n)) - 1) < 0.15, `se ${se} vs ${sd / Math.sqrt(n)}`);
});

test("the percentile interval is the type-7 2.5th and 97.5th percentiles of the replicates", () => {
  const { ci, estimates } = bootstrap(values.length, mean, { seed: 6, replicates: 201 });
  const sorted = Float64Array.from(estimates).sort();
  // With 201 replicates the positions 0.025·200 = 5 and 0.975·200 = 195 fall on order statistics.
  assert.deepEqual(ci, [sorted[5], sorted[195]]);
});

test("level sets the interval's coverage: a 50 % interval lies inside the 95 % one of the same replicates", () => {
  const wide = bootstrap(values.length, mean, { seed: 8 });
  const narrow = bootstrap(values.length, mean, { seed: 8, level: 0.5 });
  assert.ok(wide.ci[0] < narrow.ci[0] && narrow.ci[1] < wide.ci[1]);
});

test("a statistic that returns NaN on a resample raises BAD_DATA naming the replicate", () => {
  assert.throws(
    () => bootstrap(10, (idx) => (idx[0] === 0 ? Number.NaN : 1), { seed: 1, replicates: 50 }),
    (err: unknown) => err instanceof MtrecError && err.code === "BAD_DATA" && /on replicate \d+/.test(err.message),
  );
});

test("bad n, replicates and level are rejected", () => {
  assert.throws(() => bootstrap(0, mean, { seed: 1 }), /n is 0/);
  assert.throws(() => bootstrap(10, mean, { seed: 1, replicates: 1 }), /replicates is 1/);
  assert.throws(() => bootstrap(10, mean, { seed: 1, level: 1 }), /level is 1/);
});

test("resampleRows copies whole rows in index order", () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(resampleRows(x, 2, Int32Array.from([2, 0, 2]))), [5, 6, 1, 2, 5, 6]);
});
