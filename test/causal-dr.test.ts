import assert from "node:assert/strict";
import { test } from "node:test";
import { fitArmOutcomes } from "../src/causal/estimators/arm-outcomes.js";
import { bootstrap, resample, resampleRows } from "../src/causal/estimators/bootstrap.js";
import { drAte } from "../src/causal/estimators/dr.js";
import { ipwAte, ipwSelfNormalizedAte } from "../src/causal/estimators/ipw.js";
import { fitLogistic } from "../src/causal/estimators/logistic.js";
import { synthConfounded } from "../src/data/synth/confounded.js";

const t = [1, 1, 0, 0];
const y = [3, 5, 1, 2];
const e = [0.5, 0.25, 0.5, 0.75];

function near(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

test("with both outcome models 0, AIPW is Horvitz–Thompson IPW", () => {
  near(drAte(t, y, e, [0, 0, 0, 0], [0, 0, 0, 0]).ate, ipwAte(t, y, e));
});

test("AIPW's standard error is the sample sd of the per-row influence values over √n", () => {
  // Influence values 6, 20, −2, −8 (mean 4): squared deviations 4 + 256 + 36 + 144 = 440.
  const { ate, se, ci } = drAte(t, y, e, [0, 0, 0, 0], [0, 0, 0, 0]);
  near(se, Math.sqrt(440 / 3 / 4));
  near(ci[0], ate - 1.959963984540054 * se);
  near(ci[1], ate + 1.959963984540054 * se);
});

test("with outcome models that fit every row exactly, AIPW is mean(μ₁ − μ₀) whatever the propensity", () => {
  const mu1 = [3, 5, 4, 6];
  const mu0 = [0, 1, 1, 2];
  near(drAte(t, y, e, mu1, mu0).ate, 3.5);
  near(drAte(t, y, [0.9, 0.1, 0.2, 0.3], mu1, mu0).ate, 3.5);
});

test("outcome models of the wrong length are rejected with the argument named", () => {
  assert.throws(() => drAte(t, y, e, [0, 0, 0], [0, 0, 0, 0]), /mu1 has 3/);
});

/** Mean of μ₁ − μ₀: regression adjustment, the outcome model alone. */
function regressionAdjustment(x: Float64Array, columns: number, t: ArrayLike<number>, y: ArrayLike<number>): number {
  const { mu1, mu0 } = fitArmOutcomes(x, columns, t, y);
  let sum = 0;
  for (let i = 0; i < mu1.length; i++) sum += (mu1[i] as number) - (mu0[i] as number);
  return sum / mu1.length;
}

test("nonlinear outcome, logistic propensity right: AIPW is within 3 se of τ while the linear outcome model alone misses by over 5", () => {
  const { x, columns, t, y, trueAte } = synthConfounded({ rows: 50_000, seed: 1, outcome: "nonlinear" });
  const propensity = fitLogistic(x, columns, t).predict(x);
  const { mu1, mu0 } = fitArmOutcomes(x, columns, t, y);
  const dr = drAte(t, y, propensity, mu1, mu0);
  // Observed: AIPW 1.991 ± 0.035 (−0.2 se).
  assert.ok(Math.abs(dr.ate - trueAte) < 3 * dr.se, `AIPW ${dr.ate} ± ${dr.se}`);

  const adjusted = regressionAdjustment(x, columns, t, y);
  const { se } = bootstrap(
    t.length,
    (idx) => regressionAdjustment(resampleRows(x, columns, idx), columns, resample(t, idx), resample(y, idx)),
    {
      seed: 7,
      replicates: 100,
    },
  );
  // Observed: regression adjustment 1.842, bootstrap se 0.022 (about −7.3 se).
  assert.ok(Math.abs(adjusted - trueAte) > 5 * se, `regression adjustment ${adjusted}, se ${se}`);
});

test("nonlinear propensity, linear outcome right: AIPW is within 3 se of τ while Hájek IPW on the logistic fit misses by over 5", () => {
  const { x, columns, t, y, trueAte } = synthConfounded({ rows: 50_000, seed: 1, propensity: "nonlinear" });
  const propensity = fitLogistic(x, columns, t).predict(x);
  const { mu1, mu0 } = fitArmOutcomes(x, columns, t, y);
  const dr = drAte(t, y, propensity, mu1, mu0);
  // Observed: AIPW 2.014 ± 0.012 (+1.2 se).
  assert.ok(Math.abs(dr.ate - trueAte) < 3 * dr.se, `AIPW ${dr.ate} ± ${dr.se}`);

  const hajek = ipwSelfNormalizedAte(t, y, propensity);
  const { se } = bootstrap(t.length, (idx) => ipwSelfNormalizedAte(resample(t, idx), resample(y, idx), resample(propensity, idx)), {
    seed: 7,
  });
  // Observed: Hájek 1.718, bootstrap se 0.034 (about −8.3 se).
  assert.ok(Math.abs(hajek - trueAte) > 5 * se, `Hájek ${hajek}, se ${se}`);
});
