import assert from "node:assert/strict";
import { test } from "node:test";
import { crr } from "../src/causal/crr.js";
import { cvrBias } from "../src/causal/cvr-bias.js";
import { MtrecError } from "../src/errors.js";
import { auc } from "../src/metrics/index.js";
import { Rng } from "../src/nn/rng.js";

function near(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

/** A simulated log: truth_r drawn on every row, purchase seen only where clicked. */
function simulated(seed: number, n: number) {
  const rng = new Rng(seed);
  const truthCvr = Float64Array.from({ length: n }, () => rng.uniform() * 0.4);
  const truthR = Float64Array.from(truthCvr, (p) => (rng.uniform() < p ? 1 : 0));
  const pctr = Float64Array.from({ length: n }, () => rng.int(50) / 100);
  const click = Float64Array.from(pctr, (p) => (rng.uniform() < p ? 1 : 0));
  const purchase = Float64Array.from(click, (c, i) => c * (truthR[i] as number));
  const pcvr = Float64Array.from(truthCvr, (p) => Math.min(1, p + rng.uniform() * 0.2));
  return { click, purchase, pcvr, truthCvr, truthR, pctr };
}

test("ieb is mean pCVR minus mean true CVR on D, and relative ieb divides by the mean true CVR", () => {
  // Means 0.25 and 0.15: ieb 0.1, relative 0.1 / 0.15 = 2/3.
  const result = cvrBias({ click: [1, 0, 1, 0], purchase: [1, 0, 0, 0], pcvr: [0.2, 0.4, 0.1, 0.3], truthCvr: [0.1, 0.2, 0.1, 0.2] });
  near(result.ieb, 0.1);
  near(result.iebRelative, 2 / 3);
  near(result.calibrationD?.meanPred, 0.25);
  near(result.calibrationD?.meanTrue, 0.15);
});

test("aucO ranks clicked rows only: unclicked rows do not count even when their pCVR is highest", () => {
  // Clicked: purchase [1, 0, 0] with pCVR [0.5, 0.6, 0.2], so 1 of 2 pairs won.
  const result = cvrBias({ click: [1, 1, 1, 0], purchase: [1, 0, 0, 0], pcvr: [0.5, 0.6, 0.2, 0.9] });
  assert.equal(result.aucO, 0.5);
});

test("aucD is the existing auc of truth_r against pCVR; aucO and aucUnclicked are it on the clicked and unclicked rows", () => {
  const log = simulated(7, 2000);
  const result = cvrBias(log);
  assert.equal(result.aucD, auc(log.truthR, log.pcvr));
  const on = (keep: number) => {
    const rows = [...log.click.keys()].filter((i) => log.click[i] === keep);
    return { rows, pcvr: rows.map((i) => log.pcvr[i] as number) };
  };
  const clicked = on(1);
  const unclicked = on(0);
  assert.equal(
    result.aucO,
    auc(
      clicked.rows.map((i) => log.purchase[i] as number),
      clicked.pcvr,
    ),
  );
  assert.equal(
    result.aucUnclicked,
    auc(
      unclicked.rows.map((i) => log.truthR[i] as number),
      unclicked.pcvr,
    ),
  );
  assert.ok(result.aucD !== undefined && result.aucD > 0.6, `a pCVR near the truth ranks well: ${result.aucD}`);
});

test("cvrBias's crr is crr of the same click, pCTR and pCVR with the same options", () => {
  const log = simulated(8, 3000);
  assert.deepEqual(cvrBias(log, { k: 3, caliper: 0.02 }).crr, crr(log.click, log.pctr, log.pcvr, { k: 3, caliper: 0.02 }));
});

test("cvrBias omits every field its inputs do not allow", () => {
  const { click, purchase, pcvr, truthCvr, truthR, pctr } = simulated(9, 200);
  const keys = (input: Parameters<typeof cvrBias>[0]) => Object.keys(cvrBias(input)).sort();
  assert.deepEqual(keys({ click, purchase, pcvr }), ["aucO"]);
  assert.deepEqual(keys({ click, purchase, pcvr, truthR }), ["aucD", "aucO", "aucUnclicked"]);
  assert.deepEqual(keys({ click, purchase, pcvr, truthCvr }), ["aucO", "calibrationD", "ieb", "iebRelative"]);
  assert.deepEqual(keys({ click, purchase, pcvr, pctr }), ["aucO", "crr"]);
  assert.equal(keys({ click, purchase, pcvr, truthCvr, truthR, pctr }).length, 7);
});

test("cvrBias names the bad argument", () => {
  const bad = (fn: () => unknown, message: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && message.test(e.message));
  const base = { click: [1, 0], purchase: [1, 0], pcvr: [0.3, 0.2] };
  bad(() => cvrBias({ ...base, truthR: [1, 0, 1] }), /cvrBias: click has 2 rows but truthR has 3/);
  bad(() => cvrBias({ ...base, pcvr: [0.3] }), /cvrBias: click has 2 rows but pcvr has 1/);
  bad(() => cvrBias({ ...base, purchase: [0, 1] }), /cvrBias: row 1 has purchase 1 but click 0/);
  bad(() => cvrBias({ ...base, pcvr: [0.3, 2.5] }), /cvrBias: pcvr\[1\] is 2\.5, outside \[0, 1\]/);
  bad(() => cvrBias({ ...base, truthR: [1, 0.5] }), /cvrBias: truthR\[1\] is 0\.5/);
  bad(() => cvrBias({ ...base, pctr: [0.1, 0.2] }, { k: 0 }), /crr: k is 0/);
  bad(() => cvrBias({ ...base, pctr: [0.1, 0.2] }, { caliper: -1 }), /crr: caliper is -1/);
});
