import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";
import { projectToSimplex } from "../src/weighting/math/simplex.js";

/** An independent reference: bisection on θ for Σ max(v − θ, 0) = total, which is decreasing in θ. */
function projectByBisection(v: ArrayLike<number>, total: number): Float64Array {
  let low = Math.min(...Array.from(v)) - total - 1;
  let high = Math.max(...Array.from(v));
  const kept = (theta: number) => Array.from(v).reduce((sum, x) => sum + Math.max(x - theta, 0), 0);
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (kept(middle) > total) low = middle;
    else high = middle;
  }
  return Float64Array.from(v, (x) => Math.max(x - (low + high) / 2, 0));
}

function randomVector(rng: Rng, n: number, spread: number): Float64Array {
  return Float64Array.from({ length: n }, () => spread * rng.normal());
}

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i]! - b[i]!) ** 2;
  return total;
}

test("the projection satisfies the KKT conditions: x = max(v − θ, 0) with Σx = total", () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 200; trial++) {
    const v = randomVector(rng, 1 + rng.int(12), 3);
    const total = [1, 0.25, 3.5][trial % 3]!;
    const x = projectToSimplex(v, total);
    assert.ok(Math.abs(x.reduce((s, y) => s + y, 0) - total) < 1e-12);
    const kept = Array.from(x.keys()).filter((i) => x[i]! > 0);
    assert.ok(kept.length > 0);
    const theta = v[kept[0]!]! - x[kept[0]!]!;
    for (let i = 0; i < v.length; i++) {
      if (x[i]! > 0) assert.ok(Math.abs(v[i]! - x[i]! - theta) < 1e-12, "every kept coordinate is shifted by the same θ");
      else assert.ok(v[i]! <= theta + 1e-12, "every dropped coordinate lies at or below θ");
    }
  }
});

test("the projection agrees with bisection on θ for totals 1, 0.25 and 3.5", () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 150; trial++) {
    const v = randomVector(rng, 1 + rng.int(20), 2);
    const total = [1, 0.25, 3.5][trial % 3]!;
    const x = projectToSimplex(v, total);
    const reference = projectByBisection(v, total);
    for (let i = 0; i < v.length; i++) assert.ok(Math.abs(x[i]! - reference[i]!) < 1e-12);
  }
});

test("no random feasible point is closer to v than its projection", () => {
  const rng = new Rng(13);
  for (let trial = 0; trial < 50; trial++) {
    const n = 2 + rng.int(6);
    const total = trial % 2 === 0 ? 1 : 2.5;
    const v = randomVector(rng, n, 1.5);
    const best = squaredDistance(projectToSimplex(v, total), v);
    for (let k = 0; k < 400; k++) {
      const raw = Float64Array.from({ length: n }, () => -Math.log(1 - rng.uniform()));
      const sum = raw.reduce((s, y) => s + y, 0);
      const feasible = raw.map((y) => (y / sum) * total);
      assert.ok(squaredDistance(feasible, v) >= best - 1e-12);
    }
  }
});

test("a vector already on the simplex is its own projection", () => {
  for (const [v, total] of [
    [[0.2, 0, 0.5, 0.3], 1],
    [[1.5, 0.5, 2], 4],
    [[0, 0, 7], 7],
  ] as const) {
    const x = projectToSimplex(v, total);
    for (const [i, value] of v.entries()) assert.ok(Math.abs(x[i]! - value) < 1e-15);
  }
});

test("total 0 projects everything to zero", () => {
  assert.deepEqual(Array.from(projectToSimplex([3, -1, 2], 0)), [0, 0, 0]);
});

test("an empty vector or a negative total is a BAD_ARGUMENT naming the argument", () => {
  assert.throws(
    () => projectToSimplex([]),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && /v is empty/.test(e.message),
  );
  assert.throws(
    () => projectToSimplex([1, 2], -1),
    (e: unknown) => e instanceof MtrecError && /total must be/.test(e.message),
  );
});
