import assert from "node:assert/strict";
import { test } from "node:test";
import { synthFunnel } from "../src/data/synth/funnel.js";

/** Share of purchases that came without a D-action. */
function noActionShare(actionLift: number): { share: number; meanCvr: number } {
  const d = synthFunnel({ rows: 20_000, seed: 3, actionLift });
  let purchases = 0;
  let without = 0;
  let cvr = 0;
  for (let i = 0; i < d.rows; i++) {
    cvr += d.truthCvr[i] as number;
    if (d.purchase[i] !== 1) continue;
    purchases++;
    if (d.action[i] !== 1) without++;
  }
  return { share: without / purchases, meanCvr: cvr / d.rows };
}

test("synth funnel: a larger actionLift makes purchases without a D-action rarer while mean truth_cvr stays at its target", () => {
  const usual = noActionShare(2);
  const steep = noActionShare(8);
  assert.ok(usual.share > 0.1, `lift 2: ${usual.share}`);
  assert.ok(steep.share < 0.01, `lift 8: ${steep.share}`);
  assert.ok(Math.abs(usual.meanCvr - 0.1) < 1e-9 && Math.abs(steep.meanCvr - 0.1) < 1e-9);
});

test("synth funnel: the default actionLift is 2, so files written before it existed are unchanged", () => {
  const a = synthFunnel({ rows: 500, seed: 5 });
  const b = synthFunnel({ rows: 500, seed: 5, actionLift: 2 });
  assert.deepEqual(a.purchase, b.purchase);
  assert.deepEqual(a.truthCvr, b.truthCvr);
});

test("synth funnel: a negative actionLift is refused naming the option", () => {
  assert.throws(() => synthFunnel({ rows: 10, seed: 1, actionLift: -1 }), /actionLift must be a finite number ≥ 0/);
});
