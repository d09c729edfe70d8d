import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { mae, mse, r2, rmse } from "../src/metrics/index.js";

// scikit-learn's documentation example for r2_score.
const labels = [3, -0.5, 2, 7];
const preds = [2.5, 0, 2, 8];

test("mse, rmse and mae match scikit-learn on its r2_score example", () => {
  assert.equal(mse(labels, preds), 0.375);
  assert.equal(rmse(labels, preds), Math.sqrt(0.375));
  assert.equal(mae(labels, preds), 0.5);
});

test("r2 matches scikit-learn's r2_score on its example", () => {
  assert.ok(Math.abs(r2(labels, preds) - 0.9486081370449679) < 1e-15);
});

test("r2 is negative for predictions worse than the labels' mean", () => {
  // SS_res = 8, SS_tot = 2.
  assert.equal(r2([1, 2, 3], [3, 2, 1]), -3);
});

test("r2 of constant labels is 1 for exact predictions and 0 otherwise, as scikit-learn's force_finite", () => {
  assert.equal(r2([2, 2, 2], [2, 2, 2]), 1);
  assert.equal(r2([2, 2, 2], [2, 2, 3]), 0);
});

test("r2 is NaN with fewer than two rows, and the others are NaN with none", () => {
  assert.ok(Number.isNaN(r2([1], [1])));
  for (const metric of [mse, rmse, mae, r2]) assert.ok(Number.isNaN(metric([], [])), metric.name);
});

test("regression metrics reject labels and predictions of different lengths", () => {
  for (const metric of [mse, rmse, mae, r2]) {
    assert.throws(
      () => metric(Float32Array.of(1, 2), Float32Array.of(1)),
      (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && e.message.startsWith(`mtrec: ${metric.name}: labels has 2`),
    );
  }
});
