import assert from "node:assert/strict";
import { test } from "node:test";
import { crr } from "../src/causal/crr.js";
import { matchNearest } from "../src/causal/matching.js";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";

/**
 * Three clicked rows (A, B, C) among five unclicked (u0 … u4), interleaved:
 *   A pCTR 0.30 pCVR 0.20    u0 0.25 0.10   u1 0.32 0.05
 *   B pCTR 0.50 pCVR 0.40    u2 0.45 0.20   u3 0.52 0.15
 *   C pCTR 0.90 pCVR 0.30    u4 0.60 0.30
 * A's nearest are u1 (0.02) then u0 (0.05); B's u3 (0.02) then u2 (0.05); C's u4 (0.30) then u3 (0.38).
 */
const rows = {
  //     u0    A     u1    u2    B     u3    C     u4
  click: [0, 1, 0, 0, 1, 0, 1, 0],
  pctr: [0.25, 0.3, 0.32, 0.45, 0.5, 0.52, 0.9, 0.6],
  pcvr: [0.1, 0.2, 0.05, 0.2, 0.4, 0.15, 0.3, 0.3],
};

function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

test("crr with k = 1 and no caliper is (0.2 + 0.4 + 0.3) / (0.05 + 0.15 + 0.3) = 1.8", () => {
  const result = crr(rows.click, rows.pctr, rows.pcvr, { caliper: Number.POSITIVE_INFINITY });
  near(result.crr, 1.8);
  assert.deepEqual({ ...result, crr: 0 }, { crr: 0, treated: 3, matched: 3, unmatched: 0, caliper: Number.POSITIVE_INFINITY });
});

test("crr drops a clicked row with no unclicked row inside the caliper and counts it", () => {
  // C is 0.30 from its nearest control: (0.2 + 0.4) / (0.05 + 0.15) = 3.
  const result = crr(rows.click, rows.pctr, rows.pcvr, { caliper: 0.1 });
  near(result.crr, 3);
  assert.equal(result.matched, 2);
  assert.equal(result.unmatched, 1);
});

test("crr with k = 2 averages each clicked row's two controls, half a weight each", () => {
  // A: (0.05 + 0.10) / 2 = 0.075, B: (0.15 + 0.20) / 2 = 0.175, C dropped: 0.6 / 0.25 = 2.4.
  near(crr(rows.click, rows.pctr, rows.pcvr, { k: 2, caliper: 0.1 }).crr, 2.4);
  // C keeps u4 and u3: (0.30 + 0.15) / 2 = 0.225, so 0.9 / 0.475.
  near(crr(rows.click, rows.pctr, rows.pcvr, { k: 2, caliper: Number.POSITIVE_INFINITY }).crr, 0.9 / 0.475);
});

test("crr weights a control 1/m when only m < k controls fall inside the caliper", () => {
  // Caliper 0.04 leaves A only u1 and B only u3, each at full weight: 0.6 / 0.2 = 3.
  const result = crr(rows.click, rows.pctr, rows.pcvr, { k: 2, caliper: 0.04 });
  near(result.crr, 3);
  assert.equal(result.matched, 2);
});

test("crr's default caliper is 0.2 standard deviations of pCTR", () => {
  const mean = rows.pctr.reduce((a, b) => a + b) / rows.pctr.length;
  const sd = Math.sqrt(rows.pctr.reduce((a, p) => a + (p - mean) ** 2, 0) / rows.pctr.length);
  assert.equal(crr(rows.click, rows.pctr, rows.pcvr).caliper, 0.2 * sd);
});

test("crr is 1 when pCVR is a function of pCTR and every clicked row has an exact match", () => {
  const pctr = [0.1, 0.1, 0.2, 0.2, 0.2, 0.7, 0.7];
  const click = [1, 0, 1, 0, 0, 0, 1];
  assert.equal(
    crr(
      click,
      pctr,
      pctr.map((p) => p * p),
      { k: 2, caliper: 0 },
    ).crr,
    1,
  );
});

test("crr is NaN with no clicked row matched", () => {
  const result = crr([1, 0], [0.1, 0.9], [0.5, 0.5], { caliper: 0.1 });
  assert.ok(Number.isNaN(result.crr));
  assert.equal(result.unmatched, 1);
});

/** Every control within the caliper, by distance then index, the first k. */
function bruteForce(treated: ArrayLike<number>, controls: ArrayLike<number>, k: number, caliper: number) {
  const offsets = [0];
  const indices: number[] = [];
  for (let t = 0; t < treated.length; t++) {
    const candidates = Array.from(controls, (s, c) => ({ c, d: Math.abs((treated[t] as number) - s) }))
      .filter(({ d }) => d <= caliper)
      .sort((a, b) => a.d - b.d || a.c - b.c)
      .slice(0, k);
    indices.push(...candidates.map(({ c }) => c));
    offsets.push(indices.length);
  }
  return { offsets: Int32Array.from(offsets), indices: Int32Array.from(indices) };
}

test("matchNearest returns the brute-force nearest controls on random data with many ties", () => {
  for (const seed of [1, 2, 3]) {
    const rng = new Rng(seed);
    // A grid of 1/32 steps: ties within a side and equal distances on both sides, all exact in floating point.
    const treated = Float64Array.from({ length: 150 }, () => (rng.int(40) - 4) / 32);
    const controls = Float32Array.from({ length: 300 }, () => rng.int(33) / 32);
    for (const k of [1, 3, 7, 400]) {
      for (const caliper of [0, 1 / 32, 3 / 32, Number.POSITIVE_INFINITY]) {
        assert.deepEqual(
          matchNearest(treated, controls, k, caliper),
          bruteForce(treated, controls, k, caliper),
          `seed ${seed} k ${k} caliper ${caliper}`,
        );
      }
    }
  }
});

test("matchNearest leaves every treated row unmatched when there are no controls", () => {
  const matches = matchNearest([0.2, 0.5], [], 3, Number.POSITIVE_INFINITY);
  assert.deepEqual(matches, { offsets: Int32Array.of(0, 0, 0), indices: new Int32Array(0) });
});

test("crr and matchNearest name the bad argument", () => {
  const bad = (fn: () => unknown, message: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && message.test(e.message));
  bad(() => crr([1, 0], [0.1, 0.2, 0.3], [0.1, 0.2]), /crr: click has 2 rows but pctr has 3/);
  bad(() => crr([1, 0], [0.1, 0.2], [0.1]), /crr: click has 2 rows but pcvr has 1/);
  bad(() => crr([1, 0], [0.1, 0.2], [0.1, 0.2], { k: 0 }), /crr: k is 0/);
  bad(() => crr([1, 0], [0.1, 0.2], [0.1, 0.2], { k: 1.5 }), /crr: k is 1\.5/);
  bad(() => crr([1, 0], [0.1, 0.2], [0.1, 0.2], { caliper: -0.01 }), /crr: caliper is -0\.01/);
  bad(() => crr([1, 2], [0.1, 0.2], [0.1, 0.2]), /crr: click\[1\] is 2/);
  bad(() => crr([1, 0], [0.1, Number.NaN], [0.1, 0.2]), /crr: pctr\[1\] is NaN/);
  bad(() => matchNearest([0.1], [0.2], 0, 1), /matchNearest: k is 0/);
  bad(() => matchNearest([0.1], [0.2], 1, Number.NaN), /matchNearest: caliper is NaN/);
  bad(() => matchNearest([0.1], [Number.NaN], 1, 1), /matchNearest: controlScores\[0\] is NaN/);
});
