import assert from "node:assert/strict";
import { test } from "node:test";
import { causal, data, fusion } from "../src/index.js";

test("the package exposes fusion.rank: candidates in fused order, per request or as one request", () => {
  const scores = { click: Float64Array.of(0.1, 0.4, 0.2, 0.3), purchase: Float64Array.of(0.9, 0.1, 0.5, 0.2) };
  // click · purchase² = 0.081, 0.004, 0.05, 0.012
  assert.deepEqual(Array.from(fusion.rank(scores, { type: "multiplicative", weights: { click: 1, purchase: 2 } })), [0, 2, 3, 1]);
  const twoRequests = { offsets: Int32Array.of(0, 2, 4) };
  assert.deepEqual(Array.from(fusion.rank(scores, { type: "additive", weights: { click: 1, purchase: 0 } }, twoRequests)), [1, 0, 3, 2]);
  assert.throws(() => fusion.rank({}, { type: "rank", weights: {} }), { message: /scores hold no task/ });
});

test("the package exposes causal.estimateAte, which recovers a known effect from synthetic confounded data", () => {
  const d = data.synthConfounded({ rows: 20_000, seed: 3 });
  const r = causal.estimateAte(
    { x: d.x, covariates: ["x1", "x2", "x3", "x4", "x5"], t: d.t, y: d.y },
    { method: "dr", l2: 0, replicates: 0, seed: 1 },
  );
  assert.ok(Math.abs(r.ate - d.trueAte) < 0.1, `DR ATE ${r.ate} against ${d.trueAte}`);
});
