import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";
import { gradNormStep } from "../src/weighting/math/gradnorm.js";

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((s, x) => s + x, 0);

test("weights stay positive and sum to the task count over many random steps", () => {
  const rng = new Rng(51);
  const T = 4;
  const state = { weights: new Float64Array(T).fill(1) };
  const initialLosses = Array.from({ length: T }, () => 0.5 + rng.uniform());
  for (let step = 0; step < 2000; step++) {
    const weights = gradNormStep(state, {
      gradNorms: Array.from({ length: T }, () => 10 * rng.uniform() ** 3),
      losses: Array.from({ length: T }, () => 2 * rng.uniform()),
      initialLosses,
      alpha: 3 * rng.uniform(),
      lr: 0.5 * rng.uniform(),
    });
    assert.equal(weights, state.weights);
    for (const w of weights) assert.ok(w > 0, `weight ${w} at step ${step}`);
    assert.ok(Math.abs(sum(weights) - T) < 1e-12, `Σw = ${sum(weights)} at step ${step}`);
  }
});

test("a task whose weighted gradient norm is above the target loses weight to the others", () => {
  const state = { weights: Float64Array.of(1, 1, 1) };
  const weights = gradNormStep(state, { gradNorms: [5, 1, 1], losses: [1, 1, 1], initialLosses: [1, 1, 1], alpha: 1.5, lr: 0.01 });
  assert.ok(weights[0]! < 1);
  assert.ok(weights[1]! > 1 && weights[2]! > 1);
});

test("two tasks fed identical numbers keep identical weights, whatever the third does", () => {
  const rng = new Rng(52);
  const state = { weights: Float64Array.of(1, 1, 1) };
  for (let step = 0; step < 300; step++) {
    const norm = rng.uniform();
    const loss = rng.uniform();
    gradNormStep(state, {
      gradNorms: [norm, norm, 3 * rng.uniform()],
      losses: [loss, loss, rng.uniform()],
      initialLosses: [1, 1, 2],
      alpha: 1,
      lr: 0.05,
    });
    assert.equal(state.weights[0], state.weights[1]);
  }
  assert.notEqual(state.weights[0], 1, "the weights never moved, so the test shows nothing");
});

test("with α = 0 the weighted gradient norms w_t‖∇L_t‖ converge to equal values", () => {
  const gradNorms = [1, 4, 2];
  const spread = (weights: Float64Array) => {
    const weighted = gradNorms.map((n, t) => n * weights[t]!);
    const mean = sum(weighted) / weighted.length;
    return Math.max(...weighted.map((g) => Math.abs(g - mean) / mean));
  };
  const state = { weights: Float64Array.of(1, 1, 1) };
  const before = spread(state.weights);
  // Unequal losses must not matter: with α = 0 every target is the mean Ḡ.
  for (let step = 0; step < 2000; step++)
    gradNormStep(state, { gradNorms, losses: [0.5, 0.9, 0.2], initialLosses: [1, 1, 1], alpha: 0, lr: 1e-3 });
  assert.ok(before > 0.5);
  assert.ok(spread(state.weights) < 0.01, `relative spread ${spread(state.weights)}`);
  // w ∝ 1/‖∇L_t‖ scaled to sum 3 is [12, 3, 6]/7.
  for (const [t, expected] of [12 / 7, 3 / 7, 6 / 7].entries()) assert.ok(Math.abs(state.weights[t]! - expected) < 0.01);
});

test("a slower task (higher L_t/L_t(0)) gets more weight when α > 0", () => {
  const state = { weights: Float64Array.of(1, 1) };
  for (let step = 0; step < 3000; step++)
    gradNormStep(state, { gradNorms: [1, 1], losses: [0.9, 0.3], initialLosses: [1, 1], alpha: 1, lr: 1e-3 });
  // Targets are Ḡ·r_t with r = [1.5, 0.5]: the weights settle near [1.5, 0.5].
  assert.ok(Math.abs(state.weights[0]! - 1.5) < 0.01 && Math.abs(state.weights[1]! - 0.5) < 0.01, `weights ${Array.from(state.weights)}`);
});

test("a zero initial loss or mismatched lengths are a BAD_ARGUMENT naming the input", () => {
  const state = { weights: Float64Array.of(1, 1) };
  const input = { gradNorms: [1, 1], losses: [1, 1], initialLosses: [1, 1], alpha: 1, lr: 0.1 };
  assert.throws(
    () => gradNormStep(state, { ...input, initialLosses: [1, 0] }),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && /initialLosses\[1\]/.test(e.message),
  );
  assert.throws(
    () => gradNormStep(state, { ...input, losses: [1] }),
    (e: unknown) => e instanceof MtrecError && /losses has 1 entries for 2/.test(e.message),
  );
  assert.throws(
    () => gradNormStep(state, { ...input, lr: 0 }),
    (e: unknown) => e instanceof MtrecError && /lr must be/.test(e.message),
  );
});
