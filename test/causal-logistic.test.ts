import assert from "node:assert/strict";
import { test } from "node:test";
import { fitLogistic } from "../src/causal/estimators/logistic.js";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";

/** 40 rows, 2 columns, overlapping classes, built without randomness so scikit-learn can see the same data. */
function smallData(): { x: Float64Array; t: Float64Array } {
  const x = new Float64Array(80);
  const t = new Float64Array(40);
  for (let i = 0; i < 40; i++) {
    x[2 * i] = Math.sin(i);
    x[2 * i + 1] = Math.cos(1.7 * i);
    const p = 1 / (1 + Math.exp(-(2 * (x[2 * i] as number) - (x[2 * i + 1] as number))));
    t[i] = (i * 0.6180339887498949) % 1 < p ? 1 : 0;
  }
  return { x, t };
}

/** Rows from logit P(t = 1) = −0.5 + x·(1, −2, 0.5), x ~ N(0, I). */
function logisticRows(rows: number, seed: number): { x: Float64Array; t: Float64Array } {
  const rng = new Rng(seed);
  const coef = [1, -2, 0.5];
  const x = new Float64Array(rows * 3);
  const t = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let eta = -0.5;
    for (let j = 0; j < 3; j++) {
      x[i * 3 + j] = rng.normal();
      eta += (coef[j] as number) * (x[i * 3 + j] as number);
    }
    t[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x, t };
}

function near(actual: number, expected: number, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

test("fitLogistic with l2 = 2 matches scikit-learn's LogisticRegression(C = 0.5) to 1e-8", () => {
  // sklearn 1.9, solver="newton-cholesky", tol=1e-14, on smallData(); lbfgs agrees to 1e-10.
  const { x, t } = smallData();
  const fit = fitLogistic(x, 2, t, { l2: 2 });
  near(fit.intercept, -0.04399545007078162, 1e-8);
  near(fit.coef[0] as number, 1.3328668807722106, 1e-8);
  near(fit.coef[1] as number, -0.4519778022523443, 1e-8);
});

test("fitLogistic with l2 = 0 matches scikit-learn's unpenalised fit (C = inf) to 1e-8", () => {
  const { x, t } = smallData();
  const fit = fitLogistic(x, 2, t);
  near(fit.intercept, -0.08686710950146807, 1e-8);
  near(fit.coef[0] as number, 2.351956927333271, 1e-8);
  near(fit.coef[1] as number, -0.8583519658507524, 1e-8);
});

test("the gradient of the penalised objective, recomputed independently, is below 1e-9 at the fit", () => {
  const { x, t } = logisticRows(20_000, 11);
  const l2 = 3;
  const fit = fitLogistic(x, 3, t, { l2 });
  const gradient = [0, l2 * (fit.coef[0] as number), l2 * (fit.coef[1] as number), l2 * (fit.coef[2] as number)];
  const p = fit.predict(x);
  for (let i = 0; i < t.length; i++) {
    const residual = (p[i] as number) - (t[i] as number);
    gradient[0] = (gradient[0] as number) + residual;
    for (let j = 0; j < 3; j++) gradient[j + 1] = (gradient[j + 1] as number) + residual * (x[i * 3 + j] as number);
  }
  assert.ok(Math.hypot(...gradient) < 1e-9, `gradient norm ${Math.hypot(...gradient)}`);
  assert.ok(fit.gradientNorm < 1e-10);
});

test("fitLogistic recovers (−0.5, 1, −2, 0.5) from 200,000 rows to within 0.05 (about 5 standard errors)", () => {
  const { x, t } = logisticRows(200_000, 5);
  const fit = fitLogistic(x, 3, t);
  near(fit.intercept, -0.5, 0.05);
  near(fit.coef[0] as number, 1, 0.05);
  near(fit.coef[1] as number, -2, 0.05);
  near(fit.coef[2] as number, 0.5, 0.05);
});

test("a larger l2 gives a strictly smaller coefficient norm, and the intercept is not shrunk to 0", () => {
  const { x, t } = logisticRows(5_000, 3);
  const norms = [0, 10, 100, 1000, 10_000].map((l2) => Math.hypot(...fitLogistic(x, 3, t, { l2 }).coef));
  for (let i = 1; i < norms.length; i++) assert.ok((norms[i] as number) < (norms[i - 1] as number), `norms ${norms}`);
  // With w ≈ 0 the fit is the intercept-only model, logit of the treated share.
  const share = t.reduce((a, b) => a + b, 0) / t.length;
  near(fitLogistic(x, 3, t, { l2: 1e12 }).intercept, Math.log(share / (1 - share)), 1e-6);
});

test("a sample weight of 2 fits the same as the row repeated twice", () => {
  const { x, t } = smallData();
  const weights = Float64Array.from(t, (_, i) => (i % 3 === 0 ? 2 : 1));
  const repeatedX: number[] = [];
  const repeatedT: number[] = [];
  for (let i = 0; i < t.length; i++) {
    for (let r = 0; r < (weights[i] as number); r++) {
      repeatedX.push(x[2 * i] as number, x[2 * i + 1] as number);
      repeatedT.push(t[i] as number);
    }
  }
  const weighted = fitLogistic(x, 2, t, { l2: 0.5, weights });
  const repeated = fitLogistic(Float64Array.from(repeatedX), 2, repeatedT, { l2: 0.5 });
  near(weighted.intercept, repeated.intercept, 1e-10);
  near(weighted.coef[0] as number, repeated.coef[0] as number, 1e-10);
  near(weighted.coef[1] as number, repeated.coef[1] as number, 1e-10);
});

test("perfectly separated classes without a penalty raise BAD_DATA naming the separation", () => {
  const x = Float64Array.from([-2, -1, -0.5, 0.5, 1, 2]);
  const t = [0, 0, 0, 1, 1, 1];
  assert.throws(
    () => fitLogistic(x, 1, t),
    (err: unknown) => err instanceof MtrecError && err.code === "BAD_DATA" && /perfectly separated/.test(err.message),
  );
  // The same data have a finite optimum once penalised.
  assert.ok(fitLogistic(x, 1, t, { l2: 1 }).coef[0]! > 0);
});

test("quasi-separated classes (two tied rows on the boundary) raise BAD_DATA naming quasi-separation", () => {
  // x ≤ 0 is all class 0 but for one row at x = 0; the slope runs to infinity with p(0) → ½.
  const x = Float64Array.from([-2, -1, 0, 0, 1, 2]);
  assert.throws(
    () => fitLogistic(x, 1, [0, 0, 0, 1, 1, 1]),
    (err: unknown) => err instanceof MtrecError && err.code === "BAD_DATA" && /quasi-separated/.test(err.message),
  );
});

test("a column that duplicates another makes the unpenalised Hessian singular, named as collinear", () => {
  const { x, t } = smallData();
  const doubled = new Float64Array(120);
  for (let i = 0; i < 40; i++) doubled.set([x[2 * i] as number, x[2 * i + 1] as number, 2 * (x[2 * i] as number)], 3 * i);
  assert.throws(() => fitLogistic(doubled, 3, t), /collinear/);
});

test("a single class, a bad l2 and a ragged matrix are rejected with the argument named", () => {
  assert.throws(() => fitLogistic(Float64Array.from([1, 2, 3]), 1, [1, 1, 1], { l2: 1 }), /both classes/);
  assert.throws(() => fitLogistic(Float64Array.from([1, 2]), 1, [0, 1], { l2: -1 }), /l2 is -1/);
  assert.throws(() => fitLogistic(Float64Array.from([1, 2, 3]), 2, [0, 1]), /not a multiple of columns = 2/);
  assert.throws(() => fitLogistic(Float64Array.from([1, 2, 3]), 1, [0, 1]), /x has 3 rows but t has 2/);
});
