import assert from "node:assert/strict";
import { test } from "node:test";
import { gateUsage } from "../src/analysis/gates.js";
import { transferFlags } from "../src/analysis/transfer.js";
import { studentTwoSided, welchTest } from "../src/analysis/welch.js";
import { improves, monitoredValue, monitorFor } from "../src/train/early-stopping.js";

const s = (mean: number, std = 0) => ({ mean, std });
const byTask = (t: string) => (t === "click" ? "auc" : "mse");

test("Welch's test gives scipy's t, degrees of freedom and two-sided p", () => {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const std = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
  const a = [1, 2, 3, 4];
  const b = [3, 4, 5, 6, 7];
  const r = welchTest({ mean: mean(a), std: std(a), n: 4 }, { mean: mean(b), std: std(b), n: 5 });
  // scipy.stats.ttest_ind([1,2,3,4], [3,4,5,6,7], equal_var=False)
  assert.ok(Math.abs(r.t - -2.6111648393354674) < 1e-12, `t ${r.t}`);
  assert.ok(Math.abs(r.df - 6.980769230769231) < 1e-12, `df ${r.df}`);
  assert.ok(Math.abs(r.p - 0.03493878235996401) < 1e-10, `p ${r.p}`);
  // 2 * scipy.stats.t.sf(t, df)
  assert.ok(Math.abs(studentTwoSided(2, 10) - 0.07338803477074037) < 1e-12);
  assert.ok(Math.abs(studentTwoSided(0.5, 2.5) - 0.6576979198697148) < 1e-12);
  assert.ok(Math.abs(studentTwoSided(30, 3) / 8.135280427163958e-5 - 1) < 1e-9);
});

test("negative transfer is a task significantly worse than alone; seesaw is one task significantly up and another down", () => {
  const table = {
    single: { click: { auc: s(0.7, 0.002) }, watch: { mse: s(1.0, 0.01) } },
    "shared-bottom": { click: { auc: s(0.72, 0.002) }, watch: { mse: s(1.2, 0.01) } },
    mmoe: { click: { auc: s(0.73, 0.002) }, watch: { mse: s(0.9, 0.01) } },
  };
  const flags = transferFlags(table, byTask, { seeds: 3 });
  assert.equal(flags.negativeTransfer.length, 1);
  assert.deepEqual(
    { ...flags.negativeTransfer[0], t: undefined, p: undefined },
    { model: "shared-bottom", task: "watch", metric: "mse", value: 1.2, baseline: 1.0, t: undefined, p: undefined },
  );
  assert.ok((flags.negativeTransfer[0]?.p as number) < 0.05);
  assert.deepEqual(flags.seesaw, [{ model: "shared-bottom", up: ["click"], down: ["watch"] }]);
});

test("a difference within the seeds' noise is flagged neither way", () => {
  // worse by 0.004 AUC and better by 0.004 AUC with a spread of 0.005 over 5 seeds: p ≈ 0.24
  const table = {
    single: { click: { auc: s(0.7, 0.005) } },
    worse: { click: { auc: s(0.696, 0.005) } },
    better: { click: { auc: s(0.704, 0.005) } },
  };
  const flags = transferFlags(table, byTask, { seeds: 5 });
  assert.deepEqual(flags.negativeTransfer, []);
  assert.deepEqual(flags.seesaw, []);
  assert.equal(flags.note, undefined);
  // the same differences with ten times less spread are beyond the noise, in both directions
  const tight = {
    single: { click: { auc: s(0.7, 0.0005) }, watch: { mse: s(1, 0.0005) } },
    mixed: { click: { auc: s(0.696, 0.0005) }, watch: { mse: s(0.996, 0.0005) } },
  };
  const flagged = transferFlags(tight, byTask, { seeds: 5 });
  assert.deepEqual(
    flagged.negativeTransfer.map((f) => f.task),
    ["click"],
  );
  assert.deepEqual(flagged.seesaw, [{ model: "mixed", up: ["watch"], down: ["click"] }]);
});

test("with fewer than 3 seeds nothing is flagged and the flags say why", () => {
  const table = { single: { click: { auc: s(0.7, 0.001) } }, mmoe: { click: { auc: s(0.6, 0.001) } } };
  const two = transferFlags(table, byTask, { seeds: 2 });
  assert.deepEqual(two.negativeTransfer, []);
  assert.match(two.note ?? "", /2 seeds per model: too few to tell a difference from seed noise, so nothing is flagged \(give 3 or more\)/);
  assert.equal(transferFlags(table, byTask, { seeds: 3 }).negativeTransfer.length, 1);
});

test("without a single baseline there are no flags", () => {
  const flags = transferFlags({ mmoe: { click: { auc: s(0.7) } } }, () => "auc", { seeds: 3 });
  assert.deepEqual([flags.negativeTransfer, flags.seesaw], [[], []]);
  assert.match(flags.note ?? "", /no "single" baseline/);
});

test("gate usage is the mean weight of each expert over the rows", () => {
  const usage = gateUsage(Float32Array.of(0.5, 0.5, 0.25, 0.75, 0, 1), 2, ["a", "b"]);
  assert.deepEqual(usage, { a: 0.25, b: 0.75 });
});

test("early stopping watches the mean over tasks of one kind, else the first task", () => {
  const reg = monitorFor([
    { name: "y1", type: "regression" },
    { name: "y2", type: "regression" },
  ]);
  assert.deepEqual(reg, { task: "*", metric: "mse", higherIsBetter: false });
  const report = { rows: 1, tasks: { y1: { mse: 1 }, y2: { mse: 3 } } };
  assert.equal(monitoredValue(report, reg), 2);
  assert.ok(improves(reg, 1.5, 2));
  assert.ok(!improves(reg, 2.5, 2));
  const mixed = monitorFor([
    { name: "click", type: "binary" },
    { name: "watch", type: "regression" },
  ]);
  assert.deepEqual(mixed, { task: "click", metric: "auc", higherIsBetter: true });
  assert.throws(
    () => monitorFor([{ name: "click", type: "binary" }], "nosuch"),
    /watches task "nosuch", which is not a task \(tasks: click\)/,
  );
});
