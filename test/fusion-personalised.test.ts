import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fixedRequests,
  fuse,
  fuseBySegment,
  segmentObjective,
  selectRequests,
  splitRequests,
  type TuneInput,
  tuneLogged,
  tunePersonalised,
} from "../src/fusion/index.js";
import { Rng } from "../src/nn/rng.js";

/**
 * Requests of 6 candidates where one task's score finds the one candidate with both actions:
 * task a's in segment 0, task b's in segment 1. No global weights serve both segments.
 */
function segmented(requests: number, seed: number): { input: TuneInput; segments: Int32Array } {
  const rng = new Rng(seed);
  const c = 6;
  const a = new Float64Array(requests * c);
  const b = new Float64Array(requests * c);
  const click = new Float64Array(requests * c);
  const segments = Int32Array.from({ length: requests }, (_, r) => r % 2);
  for (let r = 0; r < requests; r++) {
    for (let j = r * c; j < r * c + c; j++) {
      a[j] = rng.uniform();
      b[j] = rng.uniform();
    }
    const own = segments[r] === 0 ? a : b;
    let best = r * c;
    for (let j = r * c; j < r * c + c; j++) if (own[j]! > own[best]!) best = j;
    click[best] = 1;
  }
  return { input: { scores: { a, b }, requests: fixedRequests(requests, c), labels: { click, buy: click } }, segments };
}

const options = { method: "cem" as const, fusion: "additive" as const, values: { click: 1, buy: 1 }, k: 1, seed: 2, rounds: 10 };

test("per-segment weights beat the best global ones on held-out requests when segments want opposite tasks", async () => {
  const train = segmented(400, 1);
  const held = segmented(400, 2);
  const p = await tunePersonalised(train.input, train.segments, options);
  const global = segmentObjective(held.input, held.segments, { global: p.global, bySegment: new Map() }, options);
  const own = segmentObjective(held.input, held.segments, p, options);
  assert.deepEqual(
    p.segments.map((s) => s.segment),
    [0, 1],
  );
  assert.ok(global < 1.6, `global weights should miss one segment's best candidate often, got ${global}`);
  assert.ok(own > 1.95, `per-segment weights should find both segments' best candidate, got ${own}`);
  const w0 = p.bySegment.get(0)!;
  // a segment keeps the global weights where its own do no better
  const w1 = p.bySegment.get(1) ?? p.global;
  assert.ok(w0.a! > 3 * w0.b!, JSON.stringify(w0));
  assert.ok(w1.b! > 3 * w1.a!, JSON.stringify(w1));
  assert.equal(p.evaluations, p.globalResult.evaluations + 2 * 200);
});

test("segments below minRequests keep the global weights", async () => {
  const { input, segments } = segmented(60, 3);
  const p = await tunePersonalised(input, segments, { ...options, rounds: 2, minRequests: 31 });
  assert.equal(p.bySegment.size, 0);
  assert.equal(p.segments.length, 0);
  assert.equal(p.evaluations, p.globalResult.evaluations);
});

test("fusing by segment with no segment weights is fusing with the global weights", () => {
  const { input, segments } = segmented(10, 4);
  const w = { a: 0.3, b: 1.2 };
  assert.deepEqual(
    fuseBySegment(input.scores, input.requests, segments, { global: w, bySegment: new Map() }, "additive"),
    fuse(input.scores, input.requests, { type: "additive", weights: w }),
  );
  assert.throws(() => fuseBySegment(input.scores, input.requests, segments.subarray(1), { global: w, bySegment: new Map() }, "additive"), {
    message: /9 segment values for 10 requests/,
  });
});

test("selectRequests lays chosen requests out contiguously; splitRequests covers every request once, the same for a seed", () => {
  const picked = selectRequests({ x: Float64Array.of(0, 1, 2, 3, 4, 5) }, { offsets: Int32Array.of(0, 2, 3, 6) }, [2, 0]);
  assert.deepEqual(Array.from(picked.requests.offsets), [0, 3, 5]);
  assert.deepEqual(Array.from(picked.columns.x), [3, 4, 5, 0, 1]);
  assert.throws(() => selectRequests({ x: new Float64Array(6) }, { offsets: Int32Array.of(0, 6) }, [1]), {
    message: /request 1 is not in \[0, 1\)/,
  });
  const s = splitRequests(101, 0.3, 7);
  assert.equal(s.holdout.length, 30);
  assert.deepEqual(
    [...s.tune, ...s.holdout].sort((p, q) => p - q),
    Array.from({ length: 101 }, (_, r) => r),
  );
  assert.deepEqual(splitRequests(101, 0.3, 7), s);
  assert.notDeepEqual(splitRequests(101, 0.3, 8).holdout, s.holdout);
  assert.throws(() => splitRequests(1, 0.5, 1), { message: /1 requests are too few/ });
  assert.throws(() => splitRequests(10, 1, 1), { message: /holdout fraction must be in \(0, 1\)/ });
});

test("tuneLogged judges global and personalised weights on the held-out requests", async () => {
  const { input, segments } = segmented(800, 5);
  const r = await tuneLogged(input, { ...options, holdout: 0.5, segments: { ids: segments, names: ["even", "odd"] } });
  assert.deepEqual(r.requests, { tune: 400, holdout: 400 });
  assert.ok(r.holdout !== undefined && r.personalised?.holdout !== undefined);
  assert.ok(r.personalised.holdout > r.holdout.objective + 0.3, `${r.personalised.holdout} vs ${r.holdout.objective}`);
  assert.deepEqual(Object.keys(r.personalised.segments), ["even", "odd"]);
  assert.equal(r.personalised.segments.even!.requests + r.personalised.segments.odd!.requests, 400);
});
