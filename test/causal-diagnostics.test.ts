import assert from "node:assert/strict";
import { test } from "node:test";
import { overlapWarnings, standardizedMeanDifferences, weightedKs, weightSummary } from "../src/causal/estimators/diagnostics.js";
import { inverseProbabilityWeights } from "../src/causal/estimators/ipw.js";
import { fitLogistic } from "../src/causal/estimators/logistic.js";
import { synthConfounded } from "../src/data/synth/confounded.js";
import { ks } from "../src/metrics/ks.js";

function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

/** Treated x = 1, 2, 3 (mean 2, variance 1); untreated x = 0, 0, 3 (mean 1, variance 3). */
const t = [1, 1, 1, 0, 0, 0];
const x = Float64Array.from([1, 2, 3, 0, 0, 3]);

test("the SMD divides the difference in means by √((s₁² + s₀²)/2): (2 − 1)/√2", () => {
  near(standardizedMeanDifferences(x, 1, t)[0] as number, 1 / Math.SQRT2);
});

test("the weighted SMD moves the means but keeps the unweighted arms' pooled SD in the denominator", () => {
  // Weighted means (1 + 2 + 2·3)/4 = 2.25 and (2·0 + 0 + 3)/4 = 0.75; the denominator is still √2.
  const weights = [1, 1, 2, 2, 1, 1];
  near(standardizedMeanDifferences(x, 1, t, weights)[0] as number, 1.5 / Math.SQRT2);
});

test("unweighted KS per covariate equals the metrics module's KS with t as labels", () => {
  near(weightedKs(x, 1, t)[0] as number, ks(t, x));
});

test("in the weighted KS a weight of 2 counts as the row repeated twice", () => {
  const weights = [2, 1, 1, 1, 1, 2];
  const repeatedX = Float64Array.from([1, 1, 2, 3, 0, 0, 3, 3]);
  const repeatedT = [1, 1, 1, 1, 0, 0, 0, 0];
  near(weightedKs(x, 1, t, weights)[0] as number, weightedKs(repeatedX, 1, repeatedT)[0] as number);
});

test("effective sample size is (Σw)²/Σw²: weights 1, 1, 2, 4 give 64/22", () => {
  near(weightSummary([1, 1, 2, 4]).effectiveSampleSize, 64 / 22);
  near(weightSummary([3, 3, 3]).effectiveSampleSize, 3);
});

test("weight percentiles are type 7: for weights 1 … 101 the q-th percentile is 100q + 1", () => {
  const summary = weightSummary(Array.from({ length: 101 }, (_, i) => 101 - i));
  assert.deepEqual(summary.percentiles, { p1: 2, p5: 6, p25: 26, p50: 51, p75: 76, p95: 96, p99: 100 });
  assert.equal(summary.min, 1);
  assert.equal(summary.max, 101);
});

test("overlap warnings count and share the propensities below 0.01 and above 0.99", () => {
  const warnings = overlapWarnings([0.005, 0.5, 0.995, 0.999, 0.3]);
  assert.deepEqual(
    warnings.map(({ side, count, share }) => ({ side, count, share })),
    [
      { side: "below", count: 1, share: 0.2 },
      { side: "above", count: 2, share: 0.4 },
    ],
  );
  assert.match(warnings[1]!.message, /2 of 5 rows \(40\.00 %\) have propensity above 0\.99/);
  assert.deepEqual(overlapWarnings([0.2, 0.8]), []);
});

test("on confounded data, every covariate with |SMD| above 0.1 drops below 0.1 after inverse-propensity weighting", () => {
  const data = synthConfounded({ rows: 50_000, seed: 1 });
  const e = fitLogistic(data.x, data.columns, data.t).predict(data.x);
  const before = standardizedMeanDifferences(data.x, data.columns, data.t);
  const after = standardizedMeanDifferences(data.x, data.columns, data.t, inverseProbabilityWeights(data.t, e));
  // Observed before: 0.693, −0.395, 0.322, 0.252, −0.168; after: all within ±0.008.
  assert.ok(
    before.every((smd) => Math.abs(smd) > 0.1),
    `before ${before}`,
  );
  assert.ok(
    after.every((smd) => Math.abs(smd) < 0.1),
    `after ${after}`,
  );
});

test("on confounded data, weighting also shrinks each covariate's KS statistic below 0.05", () => {
  const data = synthConfounded({ rows: 50_000, seed: 1 });
  const e = fitLogistic(data.x, data.columns, data.t).predict(data.x);
  const before = weightedKs(data.x, data.columns, data.t);
  const after = weightedKs(data.x, data.columns, data.t, inverseProbabilityWeights(data.t, e));
  // Observed before: 0.274 … 0.067; after: at most 0.009.
  assert.ok((before[0] as number) > 0.2, `before ${before}`);
  assert.ok(
    after.every((statistic) => statistic < 0.05),
    `after ${after}`,
  );
});
