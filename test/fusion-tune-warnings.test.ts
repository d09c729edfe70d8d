import assert from "node:assert/strict";
import { test } from "node:test";
import { splitRequests, type TuneInput, tuneFusion, tuneLogged, tunePersonalised } from "../src/fusion/index.js";
import { pairedGain } from "../src/fusion/tune-warnings.js";
import { Rng } from "../src/nn/rng.js";

const CANDIDATES = 10;

/**
 * `count` requests of 10 candidates; in each, task a's top 3 by `signal` are its positives, and
 * `informative` picks which score carries the signal (the other, or both, noise).
 */
function requests(count: number, seed: number, informative: (r: number) => "a" | "b" | "neither"): TuneInput {
  const rng = new Rng(seed);
  const n = count * CANDIDATES;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const labelA = new Float64Array(n);
  const labelB = new Float64Array(n);
  for (let r = 0; r < count; r++) {
    const signal = Array.from({ length: CANDIDATES }, () => rng.uniform());
    const cut = [...signal].sort((x, y) => y - x)[2] as number;
    for (let j = 0; j < CANDIDATES; j++) {
      const i = r * CANDIDATES + j;
      const s = signal[j] as number;
      a[i] = informative(r) === "a" ? s : rng.uniform();
      b[i] = informative(r) === "b" ? s : rng.uniform();
      labelA[i] = s >= cut ? 1 : 0;
      labelB[i] = rng.uniform() < 0.2 ? 1 : 0;
    }
  }
  const offsets = Int32Array.from({ length: count + 1 }, (_, r) => r * CANDIDATES);
  return { scores: { a, b }, requests: { offsets }, labels: { a: labelA, b: labelB } };
}

const options = { fusion: "additive", values: { a: 1, b: 0 }, k: 3, seed: 1 } as const;

test("tuning never returns all-zero weights, even when every weight vector ties", async () => {
  const tied = requests(40, 1, () => "a");
  tied.scores = { a: new Float64Array(400).fill(0.5), b: new Float64Array(400).fill(0.5) };
  const allZero = (w: Record<string, number>) => Object.values(w).every((v) => v === 0);
  const grid = await tuneFusion(tied, { ...options, method: "grid" });
  assert.ok(!allZero(grid.weights), JSON.stringify(grid.weights));
  const originOnly = await tuneFusion(tied, { ...options, method: "grid", max: 0, steps: 1 });
  assert.deepEqual(originOnly.weights, { a: 1, b: 1 });
  const cem = await tuneFusion(tied, { ...options, method: "cem", rounds: 8, start: { a: 0.01, b: 0.01 }, std: 0.01 });
  assert.ok(!allZero(cem.weights), JSON.stringify(cem.weights));
  const p = await tunePersonalised(
    tied,
    Int32Array.from({ length: 40 }, (_, r) => r % 2),
    {
      ...options,
      method: "cem",
      rounds: 4,
      minRequests: 5,
    },
  );
  for (const w of p.bySegment.values()) assert.ok(!allZero(w), JSON.stringify(w));
});

test("the paired gain's standard error is the per-request differences' std over √n", () => {
  const g = pairedGain(Float64Array.of(3, 5, 4, Number.NaN), Float64Array.of(1, 2, 3, 0));
  // differences 2, 3, 1: mean 2, sample std 1, over √3
  assert.equal(g.requests, 3);
  assert.ok(Math.abs(g.gain - 2) < 1e-15);
  assert.ok(Math.abs(g.se - 1 / Math.sqrt(3)) < 1e-15);
});

test("tuning on 10 requests where no score carries a signal warns that they are too few to tell the weights apart", async () => {
  const r = await tuneLogged(
    requests(10, 2, () => "neither"),
    { ...options, method: "cem", rounds: 5, holdout: 0 },
  );
  assert.equal(r.warnings.length, 1, r.warnings.join("\n"));
  assert.match(
    r.warnings[0] as string,
    /the tuned weights gain .* over equal weights on 10 tuning requests, not more than 2 standard errors of the per-request difference \(SE .*\): too few requests/,
  );
});

test("tuning on 400 requests where one score carries the signal finds a gain beyond the noise and warns of nothing", async () => {
  const r = await tuneLogged(
    requests(400, 3, () => "a"),
    { ...options, method: "cem", rounds: 8, holdout: 0.3 },
  );
  assert.deepEqual(r.warnings, []);
  assert.ok(r.weights.a! > r.weights.b!, JSON.stringify(r.weights));
  assert.ok((r.holdout?.objective as number) > (r.holdout?.equal as number));
});

test("weights that score below equal weights on held-out requests are warned about", async () => {
  // score b carries the signal on the tuning requests, score a on the held-out ones
  const count = 200;
  const held = new Set(splitRequests(count, 0.5, 1).holdout);
  const input = requests(count, 4, (r) => (held.has(r) ? "a" : "b"));
  const r = await tuneLogged(input, { ...options, method: "cem", rounds: 8, holdout: 0.5 });
  assert.ok((r.holdout?.objective as number) < (r.holdout?.equal as number), JSON.stringify(r.holdout));
  assert.ok(
    r.warnings.some((w) => /the tuned weights score .* on the 100 held-out requests, below equal weights' .*: they fit/.test(w)),
    r.warnings.join("\n"),
  );
});
