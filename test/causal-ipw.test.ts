import assert from "node:assert/strict";
import { test } from "node:test";
import { ipwAte, ipwSelfNormalizedAte, ipwStabilizedAte, stabilizedWeights } from "../src/causal/estimators/ipw.js";
import { ipwTrimmedAte, trimmedWeights } from "../src/causal/estimators/ipw-trimmed.js";
import { MtrecError } from "../src/errors.js";

/**
 * Two treated and two untreated rows. Inverse weights: treated 1/0.5 = 2 and 1/0.25 = 4,
 * untreated 1/(1 − 0.5) = 2 and 1/(1 − 0.75) = 4.
 */
const t = [1, 1, 0, 0];
const y = [3, 5, 1, 2];
const e = [0.5, 0.25, 0.5, 0.75];

function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

test("Horvitz–Thompson IPW is (3/0.5 + 5/0.25 − 1/0.5 − 2/0.25) / 4 = 4", () => {
  near(ipwAte(t, y, e), 4);
});

test("Hájek IPW is the difference of weighted arm means: (2·3 + 4·5)/6 − (2·1 + 4·2)/6 = 8/3", () => {
  near(ipwSelfNormalizedAte(t, y, e), 8 / 3);
});

test("stabilised weights are the arm share over the propensity, and their ATE equals Hájek's", () => {
  assert.deepEqual(Array.from(stabilizedWeights(t, e)), [1, 2, 1, 2]);
  near(ipwStabilizedAte(t, y, e), 8 / 3);
});

test("Hájek IPW moves with a shift of Y only by the shift's effect, Horvitz–Thompson also by the weights' imbalance", () => {
  // Treated weights sum to 6 over 4 rows, untreated to 6 as well, so shift one arm's rows only.
  const tShifted = [1, 1, 1, 0];
  const eShifted = [0.5, 0.25, 0.5, 0.75];
  const shifted = y.map((v) => v + 10);
  near(ipwSelfNormalizedAte(tShifted, shifted, eShifted), ipwSelfNormalizedAte(tShifted, y, eShifted));
  // Σ T/e = 8 ≠ Σ (1 − T)/(1 − e) = 4, so HT moves by 10·(8 − 4)/4 = 10.
  near(ipwAte(tShifted, shifted, eShifted) - ipwAte(tShifted, y, eShifted), 10);
});

test("maxWeight clips weights: ceiling 3 gives (2·3 + 3·5)/5 − (2·1 + 3·2)/5 = 2.6, two rows clipped", () => {
  near(ipwTrimmedAte(t, y, e, { maxWeight: 3 }), 2.6);
  assert.equal(trimmedWeights(t, e, { maxWeight: 3 }).clipped, 2);
  near(ipwTrimmedAte(t, y, e, { maxWeight: 100 }), ipwSelfNormalizedAte(t, y, e));
});

test("percentile trimming drops the rows outside the type-7 percentiles of e, both arms alike", () => {
  // e sorted 0.25, 0.5, 0.5, 0.75: the 20th percentile is 0.4 and the 80th 0.6, keeping rows 0 and 2.
  const trimmed = trimmedWeights(t, e, { lower: 0.2, upper: 0.8 });
  near(trimmed.bounds![0], 0.4);
  near(trimmed.bounds![1], 0.6);
  assert.equal(trimmed.dropped, 2);
  assert.deepEqual(Array.from(trimmed.weights), [2, 0, 2, 0]);
  near(ipwTrimmedAte(t, y, e, { lower: 0.2, upper: 0.8 }), 3 - 1);
});

test("the default trim keeps the 1st to 99th percentiles of e, dropping the 2 lowest and 2 highest of 200 evenly spread rows", () => {
  const rows = 200;
  const propensity = Array.from({ length: rows }, (_, i) => (i + 0.5) / rows);
  const treatment = propensity.map((_, i) => i % 2);
  assert.equal(trimmedWeights(treatment, propensity).dropped, 4);
});

test("a propensity of exactly 0 or 1 is rejected with the row named", () => {
  assert.throws(
    () => ipwAte(t, y, [0.5, 0, 0.5, 0.5]),
    (err: unknown) => err instanceof MtrecError && err.code === "BAD_ARGUMENT" && /e\[1\] is 0/.test(err.message),
  );
  assert.throws(() => ipwSelfNormalizedAte(t, y, [0.5, 0.5, 1, 0.5]), /e\[2\] is 1/);
});

test("a treatment that is not 0/1, a single arm, or both trimming modes at once are rejected", () => {
  assert.throws(() => ipwAte([1, 2, 0, 0], y, e), /t\[1\] is 2; expected 0 or 1/);
  assert.throws(() => ipwAte([1, 1, 1, 1], y, e), /both arms/);
  assert.throws(() => ipwTrimmedAte(t, y, e, { maxWeight: 3, lower: 0.1 } as never), /not both/);
  assert.throws(() => ipwTrimmedAte(t, y, e, { maxWeight: 0.5 }), /must be ≥ 1/);
  assert.throws(() => ipwTrimmedAte(t, y, e, { lower: 0.9, upper: 0.1 }), /0 ≤ lower < upper ≤ 1/);
});
