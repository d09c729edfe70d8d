import assert from "node:assert/strict";
import { test } from "node:test";
import { calibration, calibrationBins, logLoss } from "../src/metrics/index.js";

const near = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test("logLoss matches scikit-learn's log_loss on a known case", () => {
  // sklearn 1.2.1: log_loss([0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3]).
  near(logLoss([0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3]), 0.2990011586691898, 1e-15);
});

test("logLoss clips a confident wrong prediction to cost −log(eps), as scikit-learn does", () => {
  // sklearn 1.2.1: log_loss([1, 0, 1], [0, 0, 1], eps=1e-7).
  near(logLoss([1, 0, 1], [0, 0, 1]), 5.37269861698611, 1e-12);
  near(logLoss([1], [0], 1e-15), -Math.log(1e-15), 1e-12);
});

test("logLoss rejects a probability outside [0, 1] as a likely logit", () => {
  assert.throws(() => logLoss([1, 0], [0.5, 2.25]), /probs\[1\] is 2.25, outside \[0, 1\]; pass probabilities/);
  assert.throws(() => logLoss([1], [0.5], 0.5), /eps is 0.5/);
});

test("logLoss of no rows is NaN", () => {
  assert.ok(Number.isNaN(logLoss([], [])));
});

test("calibration ratio is mean prediction over mean label", () => {
  assert.deepEqual(calibration([0, 1, 0, 0], [0.5, 0.5, 0.5, 0.5]), { meanPred: 0.5, meanLabel: 0.25, ratio: 2 });
  assert.deepEqual(calibration([0, 1, 0, 0], [0.25, 0.5, 0.25, 0]), { meanPred: 0.25, meanLabel: 0.25, ratio: 1 });
});

test("calibration with no positives has an infinite ratio", () => {
  assert.equal(calibration([0, 0], [0.25, 0.5]).ratio, Number.POSITIVE_INFINITY);
});

test("calibrationBins counts and averages each equal-width bin, 1 falling in the last", () => {
  const probs = [0, 0.125, 0.25, 0.375, 0.625, 0.875, 1];
  const labels = [0, 1, 0, 0, 1, 1, 1];
  assert.deepEqual(calibrationBins(labels, probs, 4), [
    { lower: 0, upper: 0.25, count: 2, meanPred: 0.0625, meanLabel: 0.5 },
    { lower: 0.25, upper: 0.5, count: 2, meanPred: 0.3125, meanLabel: 0 },
    { lower: 0.5, upper: 0.75, count: 1, meanPred: 0.625, meanLabel: 1 },
    { lower: 0.75, upper: 1, count: 2, meanPred: 0.9375, meanLabel: 1 },
  ]);
});

test("calibrationBins keeps an empty bin, with NaN means", () => {
  assert.deepEqual(calibrationBins([1], [0.75], 2), [
    { lower: 0, upper: 0.5, count: 0, meanPred: Number.NaN, meanLabel: Number.NaN },
    { lower: 0.5, upper: 1, count: 1, meanPred: 0.75, meanLabel: 1 },
  ]);
});

test("calibrationBins has ten bins by default and rejects a bin count that is not a positive integer", () => {
  assert.equal(calibrationBins([0, 1], [0.2, 0.7]).length, 10);
  assert.throws(() => calibrationBins([0], [0.5], 0), /bins is 0/);
  assert.throws(() => calibrationBins([0], [0.5], 2.5), /bins is 2.5/);
});
