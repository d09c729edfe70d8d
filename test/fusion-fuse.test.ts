import assert from "node:assert/strict";
import { test } from "node:test";
import { fuse, rankWithin } from "../src/fusion/index.js";
import { Rng } from "../src/nn/rng.js";

// Two requests: candidates 0-2 and 3-6.
const requests = { offsets: Int32Array.from([0, 3, 7]) };
const scores = {
  ctr: Float64Array.from([0.5, 0.2, 0.1, 0.4, 0.4, 0.8, 0.1]),
  cvr: Float64Array.from([0.1, 0.5, 0.2, 0.25, 0.5, 0.05, 0.2]),
};

function assertClose(actual: ArrayLike<number>, expected: number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `entry ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

function randomScores(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => 0.001 + 0.998 * rng.uniform());
}

test("multiplicative fusion is ctr · cvr² on a hand-worked pair of requests", () => {
  const fused = fuse(scores, requests, { type: "multiplicative", weights: { ctr: 1, cvr: 2 } });
  assertClose(fused, [0.005, 0.05, 0.004, 0.025, 0.1, 0.002, 0.004]);
});

test("multiplicative fusion clamps a zero score to 1e-12 instead of returning 0 for every weight", () => {
  const fused = fuse(
    { a: Float64Array.from([0, 1]) },
    { offsets: Int32Array.from([0, 2]) },
    { type: "multiplicative", weights: { a: 0.5 } },
  );
  assertClose(fused, [1e-6, 1], 1e-18);
});

test("additive fusion with the identity is ctr + cvr / 2", () => {
  const fused = fuse(scores, requests, { type: "additive", weights: { ctr: 1, cvr: 0.5 } });
  assertClose(fused, [0.55, 0.45, 0.2, 0.525, 0.65, 0.825, 0.2]);
});

test("additive fusion with min-max normalisation rescales each task within each request", () => {
  const fused = fuse(scores, requests, { type: "additive", weights: { ctr: 1, cvr: 1 }, normalize: "minmax" });
  // Request 1: ctr → [1, 0.25, 0], cvr → [0, 1, 0.25]. Request 2: ctr over range 0.7, cvr over range 0.45.
  assertClose(fused, [1, 1.25, 0.25, 3 / 7 + 4 / 9, 3 / 7 + 1, 1, 1 / 3]);
});

test("z-score normalisation uses the population std and maps a constant request to 0", () => {
  const a = Float64Array.from([1, 2, 3, 5, 5, 5, 5]);
  const fused = fuse({ a }, requests, { type: "additive", weights: { a: 2 }, normalize: "zscore" });
  const z = 1 / Math.sqrt(2 / 3);
  assertClose(fused, [-2 * z, 0, 2 * z, 0, 0, 0, 0]);
});

test("additive fusion applies the power, sqrt and log transforms", () => {
  const one = { offsets: Int32Array.from([0, 2]) };
  const s = { a: Float64Array.from([0.25, 4]) };
  assertClose(fuse(s, one, { type: "additive", weights: { a: 1 }, transform: { power: 3 } }), [0.015625, 64]);
  assertClose(fuse(s, one, { type: "additive", weights: { a: 1 }, transform: "sqrt" }), [0.5, 2]);
  assertClose(fuse(s, one, { type: "additive", weights: { a: 1 }, transform: "log" }), [Math.log(0.25), Math.log(4)]);
  assertClose(fuse(s, one, { type: "additive", weights: { a: 3 }, transform: (x) => x + 1 }), [3.75, 15]);
});

test("rank fusion sums 1 / (rank + 60) with ties ranked by candidate index", () => {
  const fused = fuse(scores, requests, { type: "rank", weights: { ctr: 1, cvr: 1 } });
  // ctr ranks: [1, 2, 3], [2, 3, 1, 4] (candidates 3 and 4 tie at 0.4); cvr ranks: [3, 1, 2], [2, 1, 4, 3].
  assertClose(fused, [1 / 61 + 1 / 63, 1 / 62 + 1 / 61, 1 / 63 + 1 / 62, 2 / 62, 1 / 63 + 1 / 61, 1 / 61 + 1 / 64, 1 / 64 + 1 / 63]);
  const r0 = fuse(scores, requests, { type: "rank", weights: { ctr: 2, cvr: 0 }, r0: 0 });
  assertClose(r0, [2, 1, 2 / 3, 1, 2 / 3, 2, 0.5]);
});

test("rankWithin orders each request by descending score and breaks ties by candidate index", () => {
  const order = rankWithin(Float64Array.from([0.3, 0.3, 0.1, 0.2, 0.5, 0.2, 0.5]), requests);
  assert.deepEqual([...order], [0, 1, 2, 4, 6, 3, 5]);
  assert.deepEqual([...rankWithin(new Float64Array(7), requests)], [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(
    [...rankWithin(Float64Array.from([Number.NaN, 1, Number.NEGATIVE_INFINITY]), { offsets: Int32Array.from([0, 3]) })],
    [1, 2, 0],
  );
});

test("multiplicative and log-additive fusion rank every request identically on random data", () => {
  const rng = new Rng(3);
  const offsets = Int32Array.from({ length: 41 }, (_, r) => r * 25);
  const random = { ctr: randomScores(rng, 1000), cvr: randomScores(rng, 1000), stay: randomScores(rng, 1000) };
  const weights = { ctr: 1.3, cvr: 0.4, stay: 2.1 };
  const multiplied = fuse(random, { offsets }, { type: "multiplicative", weights });
  const added = fuse(random, { offsets }, { type: "additive", weights, transform: "log" });
  assert.deepEqual(rankWithin(multiplied, { offsets }), rankWithin(added, { offsets }));
});

test("rank fusion is unchanged by any monotone transform of one task's scores", () => {
  const rng = new Rng(5);
  const offsets = Int32Array.from({ length: 21 }, (_, r) => r * 10);
  const ctr = randomScores(rng, 200);
  const cvr = randomScores(rng, 200);
  const spec = { type: "rank", weights: { ctr: 1, cvr: 0.7 } } as const;
  const base = fuse({ ctr, cvr }, { offsets }, spec);
  for (const f of [(s: number) => Math.exp(5 * s), (s: number) => s ** 3 + 2 * s - 7, Math.log]) {
    assert.deepEqual(fuse({ ctr: ctr.map(f), cvr }, { offsets }, spec), base);
  }
});

test("single-task additive fusion ranks like the task's own score under any monotone transform", () => {
  const rng = new Rng(6);
  const offsets = Int32Array.from({ length: 21 }, (_, r) => r * 10);
  const ctr = randomScores(rng, 200);
  const own = rankWithin(ctr, { offsets });
  const transforms = ["identity", "log", "sqrt", { power: 0.3 }, { power: 4 }, (s: number) => Math.exp(3 * s)] as const;
  for (const transform of transforms) {
    for (const normalize of ["none", "minmax", "zscore"] as const) {
      const fused = fuse({ ctr }, { offsets }, { type: "additive", weights: { ctr: 2 }, transform, normalize });
      assert.deepEqual(rankWithin(fused, { offsets }), own, `transform ${JSON.stringify(transform)}, normalize ${normalize}`);
    }
  }
});

test("rank fusion ignores the scale of a task's scores", () => {
  const base = fuse(scores, requests, { type: "rank", weights: { ctr: 1, cvr: 1 } });
  const scaled = fuse({ ctr: scores.ctr.map((s) => 1000 * s), cvr: scores.cvr }, requests, { type: "rank", weights: { ctr: 1, cvr: 1 } });
  assert.deepEqual(scaled, base);
});

test("rank fusion penalises a very low score on one task less than multiplication does", () => {
  // Candidate 0 is the best on ctr but nearly zero on cvr; candidate 2 is mediocre on both.
  const one = { offsets: Int32Array.from([0, 3]) };
  const s = { ctr: Float64Array.from([0.9, 0.5, 0.3]), cvr: Float64Array.from([1e-6, 0.5, 0.3]) };
  const weights = { ctr: 1, cvr: 1 };
  assert.deepEqual([...rankWithin(fuse(s, one, { type: "multiplicative", weights }), one)], [1, 2, 0]);
  assert.deepEqual([...rankWithin(fuse(s, one, { type: "rank", weights }), one)], [1, 0, 2]);
});

test("fuse names the task for a missing weight, an unknown task, or a wrong length", () => {
  const bad = { name: "MtrecError", code: "BAD_ARGUMENT" };
  assert.throws(() => fuse(scores, requests, { type: "additive", weights: { ctr: 1 } }), { ...bad, message: /no weight for task "cvr"/ });
  assert.throws(() => fuse(scores, requests, { type: "rank", weights: { ctr: 1, cvr: 1, like: 1 } }), {
    ...bad,
    message: /unknown task "like"/,
  });
  assert.throws(() => fuse(scores, requests, { type: "multiplicative", weights: { ctr: Number.NaN, cvr: 1 } }), {
    ...bad,
    message: /"ctr" must be finite/,
  });
  assert.throws(() => fuse({ ctr: new Float64Array(5) }, requests, { type: "rank", weights: { ctr: 1 } }), {
    ...bad,
    message: /"ctr" has 5 values .* 7 candidates/,
  });
  assert.throws(() => fuse(scores, { offsets: Int32Array.from([0, 4, 3]) }, { type: "rank", weights: { ctr: 1, cvr: 1 } }), {
    ...bad,
    message: /must not decrease/,
  });
});

test("fuse rejects an unknown fusion type, a non-positive power, a bad normalisation and a negative r0", () => {
  const bad = { name: "MtrecError", code: "BAD_ARGUMENT" };
  const weights = { ctr: 1, cvr: 1 };
  assert.throws(() => fuse(scores, requests, { type: "max", weights } as never), { ...bad, message: /unknown fusion type "max"/ });
  assert.throws(() => fuse(scores, requests, { type: "additive", weights, transform: { power: -1 } }), {
    ...bad,
    message: /power must be > 0/,
  });
  assert.throws(() => fuse(scores, requests, { type: "additive", weights, transform: "exp" as never }), {
    ...bad,
    message: /unknown transform "exp"/,
  });
  assert.throws(() => fuse(scores, requests, { type: "additive", weights, normalize: "l2" as never }), {
    ...bad,
    message: /normalize must be/,
  });
  assert.throws(() => fuse(scores, requests, { type: "rank", weights, r0: -1 }), { ...bad, message: /r0 must be/ });
});
