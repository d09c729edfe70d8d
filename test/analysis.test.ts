import assert from "node:assert/strict";
import { test } from "node:test";
import { gateUsage } from "../src/analysis/gates.js";
import { transferFlags } from "../src/analysis/transfer.js";
import { improves, monitoredValue, monitorFor } from "../src/train/early-stopping.js";

const s = (mean: number) => ({ mean, std: 0 });

test("negative transfer is a task worse than alone; seesaw is one task up and another down", () => {
  const table = {
    single: { click: { auc: s(0.7) }, watch: { mse: s(1.0) } },
    "shared-bottom": { click: { auc: s(0.72) }, watch: { mse: s(1.2) } },
    mmoe: { click: { auc: s(0.73) }, watch: { mse: s(0.9) } },
  };
  const flags = transferFlags(table, (t) => (t === "click" ? "auc" : "mse"));
  assert.deepEqual(flags.negativeTransfer, [{ model: "shared-bottom", task: "watch", metric: "mse", value: 1.2, baseline: 1.0 }]);
  assert.deepEqual(flags.seesaw, [{ model: "shared-bottom", up: ["click"], down: ["watch"] }]);
});

test("without a single baseline there are no flags", () => {
  const flags = transferFlags({ mmoe: { click: { auc: s(0.7) } } }, () => "auc");
  assert.deepEqual(flags, { negativeTransfer: [], seesaw: [] });
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
