import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateFusion, evaluateRanking, rankWithin } from "../src/fusion/index.js";

const requests = { offsets: Int32Array.from([0, 3, 7]) };
// Ranking: request 1 → [0, 1, 2], request 2 → [4, 5, 6, 3].
const fused = Float64Array.from([0.9, 0.5, 0.1, 0.2, 0.8, 0.6, 0.4]);
const labels = { click: [0, 1, 1, 0, 0, 0, 0], buy: [1, 0, 0, 1, 0, 1, 0] };

test("NDCG@2, recall@2 and value on a hand-worked pair of requests, skipping requests without positives", () => {
  const result = evaluateFusion(fused, requests, labels, { k: 2, values: { click: 1, buy: 5 } });
  const second = 1 / Math.log2(3);
  const half = second / (1 + second); // one of two positives, at rank 2
  // click: request 2 has no click, so only request 1 counts.
  assert.ok(Math.abs(result.ndcg.click! - half) < 1e-12);
  assert.equal(result.recall.click, 0.5);
  // buy: request 1 has its only buyer first (NDCG 1, recall 1); request 2 has one of two buyers at rank 2.
  assert.ok(Math.abs(result.ndcg.buy! - (1 + half) / 2) < 1e-12);
  assert.equal(result.recall.buy, 0.75);
  // Top 2 hold 1 click and 2 buys over 2 requests: (1 · 1 + 5 · 2) / 2.
  assert.equal(result.value, 5.5);
});

test("evaluateFusion equals evaluateRanking of rankWithin, and K past the request size uses the whole request", () => {
  const options = { k: 10, values: { click: 1, buy: 1 } };
  assert.deepEqual(
    evaluateFusion(fused, requests, labels, options),
    evaluateRanking(rankWithin(fused, requests), requests, labels, options),
  );
  const result = evaluateFusion(fused, requests, labels, options);
  assert.equal(result.recall.click, 1);
  assert.equal(result.recall.buy, 1);
  assert.equal(result.value, 2.5);
});

test("a task without any positive gets NaN NDCG and recall", () => {
  const result = evaluateFusion(fused, requests, { like: [0, 0, 0, 0, 0, 0, 0] }, { k: 3, values: { like: 1 } });
  assert.ok(Number.isNaN(result.ndcg.like!));
  assert.ok(Number.isNaN(result.recall.like!));
  assert.equal(result.value, 0);
});

test("evaluateFusion rejects a bad K, a missing or unknown value, a non-binary label and a wrong length", () => {
  const values = { click: 1, buy: 1 };
  assert.throws(() => evaluateFusion(fused, requests, labels, { k: 0, values }), { code: "BAD_ARGUMENT", message: /k must be/ });
  assert.throws(() => evaluateFusion(fused, requests, labels, { k: 2, values: { click: 1 } }), {
    code: "BAD_ARGUMENT",
    message: /task "buy"/,
  });
  assert.throws(() => evaluateFusion(fused, requests, labels, { k: 2, values: { ...values, like: 1 } }), {
    code: "BAD_ARGUMENT",
    message: /unknown task "like"/,
  });
  assert.throws(() => evaluateFusion(fused, requests, { ...labels, buy: [1, 0, 2, 0, 0, 0, 0] }, { k: 2, values }), {
    code: "BAD_DATA",
    message: /"buy", candidate 2: expected 0 or 1, got 2/,
  });
  assert.throws(() => evaluateFusion(fused, requests, { ...labels, buy: [1, 0] }, { k: 2, values }), {
    code: "BAD_ARGUMENT",
    message: /"buy" has 2 values/,
  });
  assert.throws(() => evaluateRanking(new Int32Array(3), requests, labels, { k: 2, values }), {
    code: "BAD_ARGUMENT",
    message: /ranking has 3 entries/,
  });
});
