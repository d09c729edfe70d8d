import assert from "node:assert/strict";
import { test } from "node:test";
import * as metrics from "../src/metrics/index.js";
import { Rng } from "../src/nn/rng.js";

const rng = new Rng(31);
const labels = Float32Array.from({ length: 2000 }, () => (rng.uniform() < 0.3 ? 1 : 0));
const probs = Float32Array.from(labels, (y) => (rng.int(40) + 8 * y) / 48);
const groups = Int32Array.from({ length: 2000 }, () => rng.int(50));

test("binaryMetrics reports each metric as its own function computes it, and no gauc without groups", () => {
  const report = metrics.binaryMetrics(labels, probs);
  const { meanPred, meanLabel } = metrics.calibration(labels, probs);
  assert.deepEqual(report, {
    auc: metrics.auc(labels, probs),
    ks: metrics.ks(labels, probs),
    logloss: metrics.logLoss(labels, probs),
    meanPred,
    meanLabel,
  });
  assert.equal("gauc" in report, false);
});

test("binaryMetrics reports gauc when given groups", () => {
  assert.equal(metrics.binaryMetrics(labels, probs, groups).gauc, metrics.gauc(labels, probs, groups));
});

test("binaryMetrics on one class has NaN ranking metrics but a finite log loss", () => {
  const report = metrics.binaryMetrics([0, 0, 0], [0.1, 0.2, 0.3]);
  assert.ok(Number.isNaN(report.auc) && Number.isNaN(report.ks));
  assert.ok(Math.abs(report.logloss + (Math.log(0.9) + Math.log(0.8) + Math.log(0.7)) / 3) < 1e-15);
});

test("binaryMetrics rejects logits in place of probabilities", () => {
  assert.throws(() => metrics.binaryMetrics([0, 1], [-1.5, 2]), /probs\[0\] is -1.5/);
});

test("regressionMetrics reports each metric as its own function computes it", () => {
  const targets = [3, -0.5, 2, 7];
  const preds = [2.5, 0, 2, 8];
  assert.deepEqual(metrics.regressionMetrics(targets, preds), {
    mse: 0.375,
    rmse: Math.sqrt(0.375),
    mae: 0.5,
    r2: metrics.r2(targets, preds),
    meanPred: 3.125,
    meanLabel: 2.875,
  });
});

test("meanStd uses the sample standard deviation (n − 1)", () => {
  const { mean, std } = metrics.meanStd([1, 2, 3, 4]);
  assert.equal(mean, 2.5);
  assert.ok(Math.abs(std - Math.sqrt(5 / 3)) < 1e-15);
});

test("meanStd of one value has std 0, and of none is NaN", () => {
  assert.deepEqual(metrics.meanStd([0.71]), { mean: 0.71, std: 0 });
  assert.deepEqual(metrics.meanStd([]), { mean: Number.NaN, std: Number.NaN });
});
