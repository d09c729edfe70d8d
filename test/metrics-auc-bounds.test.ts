import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { auc } from "../src/metrics/auc.js";
import { aucBounds } from "../src/metrics/auc-bounds.js";
import { Rng } from "../src/nn/rng.js";

/** Scores with many ties, both zeros, negatives and values a bucket apart, as float32 stores them. */
const score = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-30, -1e-30, 3.4e38),
  fc.float({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 5 }).map((k) => 1 + k * 2 ** -20),
);
const rows = fc.array(fc.tuple(fc.constantFrom(0, 1), score), { minLength: 1, maxLength: 300 });

test("the AUC always lies within the bounds taken from the histogram (ties, −0, values one bucket apart)", () => {
  fc.assert(
    fc.property(rows, (pairs) => {
      const labels = Float32Array.from(pairs, ([y]) => y);
      const scores = Float32Array.from(pairs, ([, s]) => s);
      const bounds = aucBounds(labels, scores);
      const exact = auc(labels, scores);
      if (Number.isNaN(exact)) return bounds === undefined;
      return bounds !== undefined && bounds.low <= exact && exact <= bounds.high;
    }),
    { numRuns: 2000 },
  );
});

test("on a continuous score the bounds are tight enough to rule a leak out without sorting", () => {
  const rng = new Rng(3);
  const n = 100_000;
  const labels = Float32Array.from({ length: n }, () => (rng.uniform() < 0.1 ? 1 : 0));
  const scores = Float32Array.from(labels, (y) => rng.normal() + y);
  const bounds = aucBounds(labels, scores) as { low: number; high: number };
  const exact = auc(labels, scores);
  assert.ok(bounds.low <= exact && exact <= bounds.high);
  assert.ok(bounds.high - bounds.low < 0.01, `bounds ${bounds.low}-${bounds.high} are wider than 0.01`);
});

test("a score that is one of a few values is ranked exactly: every bucket holds a single value", () => {
  const labels = Float32Array.from([1, 0, 1, 0, 0, 1, 0]);
  const scores = Float32Array.from([2, 2, 5, 0, -0, 5, 1]);
  const bounds = aucBounds(labels, scores) as { low: number; high: number };
  assert.equal(bounds.low, auc(labels, scores));
  assert.equal(bounds.high, bounds.low);
});

test("one class only, or a NaN score, gives no bounds", () => {
  assert.equal(aucBounds(Float32Array.from([1, 1]), Float32Array.from([0.2, 0.4])), undefined);
  assert.equal(aucBounds(Float32Array.from([1, 0]), Float32Array.from([0.2, Number.NaN])), undefined);
});
