import assert from "node:assert/strict";
import { test } from "node:test";
import { fitArmOutcomes } from "../src/causal/estimators/arm-outcomes.js";
import { fitLinear } from "../src/causal/estimators/linear.js";
import { Rng } from "../src/nn/rng.js";

function normalMatrix(rows: number, columns: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * columns }, () => rng.normal());
}

function linearOutcome(x: Float64Array, columns: number, intercept: number, coef: number[]): Float64Array {
  return Float64Array.from({ length: x.length / columns }, (_, i) => {
    let value = intercept;
    for (let j = 0; j < columns; j++) value += (coef[j] as number) * (x[i * columns + j] as number);
    return value;
  });
}

test("OLS recovers the intercept and coefficients of noise-free data to 1e-10", () => {
  const x = normalMatrix(1_000, 4, 1);
  const y = linearOutcome(x, 4, 3, [1.5, -2, 0.25, 7]);
  const fit = fitLinear(x, 4, y);
  assert.ok(Math.abs(fit.intercept - 3) < 1e-10, `intercept ${fit.intercept}`);
  for (const [j, c] of [1.5, -2, 0.25, 7].entries()) assert.ok(Math.abs((fit.coef[j] as number) - c) < 1e-10, `coef ${j}: ${fit.coef[j]}`);
  const predicted = fit.predict(x);
  assert.ok(predicted.every((p, i) => Math.abs(p - (y[i] as number)) < 1e-9));
});

test("ridge on one column gives slope Sxy/(Sxx + λ) on centred data and leaves the intercept at ȳ − x̄·w", () => {
  const x = Float64Array.from([1, 2, 4, 7]);
  const y = [2, 3, 7, 8];
  const xMean = 3.5;
  const yMean = 5;
  const sxy = x.reduce((s, v, i) => s + (v - xMean) * ((y[i] as number) - yMean), 0);
  const sxx = x.reduce((s, v) => s + (v - xMean) ** 2, 0);
  const fit = fitLinear(x, 1, y, { l2: 4 });
  const slope = sxy / (sxx + 4);
  assert.ok(Math.abs((fit.coef[0] as number) - slope) < 1e-12);
  assert.ok(Math.abs(fit.intercept - (yMean - xMean * slope)) < 1e-12);
});

test("rows of weight 0 are ignored: the fit equals the fit on the other rows alone", () => {
  const x = normalMatrix(200, 2, 2);
  const rng = new Rng(3);
  const y = Float64Array.from({ length: 200 }, () => rng.normal());
  const weights = Float64Array.from({ length: 200 }, (_, i) => (i < 120 ? 1 : 0));
  const weighted = fitLinear(x, 2, y, { weights });
  const subset = fitLinear(x.slice(0, 240), 2, y.slice(0, 120));
  assert.ok(Math.abs(weighted.intercept - subset.intercept) < 1e-12);
  assert.ok(weighted.coef.every((c, j) => Math.abs(c - (subset.coef[j] as number)) < 1e-12));
});

test("collinear columns without a ridge are reported as collinear", () => {
  const x = new Float64Array(20);
  for (let i = 0; i < 10; i++) x.set([i, 3 * i], 2 * i);
  assert.throws(
    () =>
      fitLinear(
        x,
        2,
        Float64Array.from({ length: 10 }, (_, i) => i),
      ),
    /collinear/,
  );
});

test("fitArmOutcomes recovers each arm's own noise-free line and predicts it for every row", () => {
  const x = normalMatrix(400, 2, 4);
  const t = Float64Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const treated = linearOutcome(x, 2, 5, [1, 2]);
  const untreated = linearOutcome(x, 2, -1, [3, -1]);
  const y = t.map((ti, i) => (ti === 1 ? (treated[i] as number) : (untreated[i] as number)));
  const { mu1, mu0 } = fitArmOutcomes(x, 2, t, y);
  assert.ok(mu1.every((m, i) => Math.abs(m - (treated[i] as number)) < 1e-10));
  assert.ok(mu0.every((m, i) => Math.abs(m - (untreated[i] as number)) < 1e-10));
});
