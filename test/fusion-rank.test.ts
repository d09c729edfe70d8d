import assert from "node:assert/strict";
import { test } from "node:test";
import { fuse, rank, rankWithin } from "../src/fusion/index.js";

const click = Float32Array.of(0.1, 0.5, 0.3, 0.9);
const purchase = Float32Array.of(0.2, 0.01, 0.4, 0.05);
// a funnel model's predictions: its tasks and, beside them, its heads, which the weights do not name
const predictions = {
  scores: { click, purchase, ctr: click, cvr: Float32Array.of(0.9, 0.9, 0.1, 0.1), ctcvr: purchase },
  gates: {},
};
const spec = { type: "multiplicative", weights: { click: 1, purchase: 2 } } as const;

test("rank takes what predict returns and fuses only the weighted tasks, as predict --fuse does", () => {
  const requests = { offsets: Int32Array.of(0, 4) };
  const byHand = rankWithin(fuse({ click, purchase }, requests, spec), requests);
  assert.deepEqual(Array.from(rank(predictions, spec)), Array.from(byHand));
  assert.deepEqual(Array.from(rank({ click, purchase }, spec)), Array.from(byHand));
  // 0.1·0.2² = .004, .5·.01² = .00005, .3·.4² = .048, .9·.05² = .00225
  assert.deepEqual(Array.from(byHand), [2, 0, 3, 1]);
});

test("rank ranks within each request when given requests", () => {
  const requests = { offsets: Int32Array.of(0, 2, 4) };
  assert.deepEqual(Array.from(rank(predictions, spec, requests)), [0, 1, 2, 3]);
});

test("rank refuses a weight for a task the scores lack, naming the scored ones", () => {
  assert.throws(
    () => rank(predictions, { type: "additive", weights: { click: 1, view: 1 } }),
    /rank: weight for unknown task "view"; scored: click, purchase, ctr, cvr, ctcvr/,
  );
  assert.throws(() => rank(predictions, { type: "additive", weights: {} }), /the fusion weights name no task/);
});
