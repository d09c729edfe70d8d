import assert from "node:assert/strict";
import { test } from "node:test";
import { reliability } from "../src/metrics/reliability.js";
import { Rng } from "../src/nn/rng.js";
import { naiveDifference } from "../src/report/causal-report.js";
import type { Chart } from "../src/report/chart.js";
import { cemRounds } from "../src/report/charts/cem-convergence.js";
import { compareMetricsChart } from "../src/report/charts/compare-metrics.js";
import { type FrontPoint, paretoFront } from "../src/report/charts/fusion-front.js";
import { gateHeatmapCharts } from "../src/report/charts/gate-heatmap.js";
import { histogram } from "../src/report/histogram.js";
import { escapeHtml, metricCell, pageHtml } from "../src/report/page.js";
import { readComparison } from "../src/report/reading.js";
import type { Comparison } from "../src/train/compare.js";
import { StepLog } from "../src/train/step-log.js";
import { COMPARISON, PLE_GATES, TASKS } from "./helpers/report-results.js";

test("the step log keeps between half and all of its capacity, evenly spaced from the first step, with each kept step's own values", () => {
  const log = new StepLog(64);
  for (let s = 1; s <= 1000; s++) log.add(1 + Math.floor(s / 500), [{ name: "click", value: s / 10 }], { click: s });
  const kept = log.toJSON();
  assert.ok(kept.step.length <= 64 && kept.step.length >= 32, `${kept.step.length} points`);
  assert.equal(kept.step[0], 1);
  const gaps = new Set(kept.step.slice(1).map((s, i) => s - (kept.step[i] as number)));
  assert.equal(gaps.size, 1, `uneven gaps ${[...gaps]}`);
  kept.step.forEach((s, i) => {
    assert.equal(kept.loss.click?.[i], s / 10);
    assert.equal(kept.weight.click?.[i], s);
    assert.equal(kept.epoch[i], 1 + Math.floor(s / 500));
  });
});

test("ECE is the row-weighted mean gap between mean prediction and mean label per bin (hand-computed 0.25)", () => {
  // one row per bin: gaps 0.1, 0.3, 0.4, 0.2
  const r = reliability([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8]);
  assert.ok(Math.abs(r.ece - 0.25) < 1e-12, String(r.ece));
  assert.deepEqual(
    r.histogram.positives.map((c, b) => (c > 0 ? b : -1)).filter((b) => b >= 0),
    [12, 16],
  );
  assert.deepEqual(
    r.histogram.negatives.map((c, b) => (c > 0 ? b : -1)).filter((b) => b >= 0),
    [2, 6],
  );
});

test("the Pareto front is exactly the points no other point beats on both metrics (against a brute force)", () => {
  const rng = new Rng(4);
  const points: FrontPoint[] = Array.from({ length: 200 }, () => ({ a: rng.uniform(), b: rng.uniform(), weights: {} }));
  const dominated = (p: FrontPoint) => points.some((q) => q !== p && q.a >= p.a && q.b >= p.b && (q.a > p.a || q.b > p.b));
  const brute = points.filter((p) => !dominated(p)).sort((x, y) => x.a - y.a);
  assert.deepEqual(paretoFront(points), brute);
});

test("CEM rounds are the evaluations cut by arms, with each round's mean and best objective and the std of its weights", () => {
  const rounds = cemRounds(
    [
      { weights: { click: 1 }, objective: 1 },
      { weights: { click: 3 }, objective: 3 },
      { weights: { click: 2 }, objective: Number.NEGATIVE_INFINITY },
      { weights: { click: 2 }, objective: 5 },
    ],
    2,
  );
  assert.deepEqual(
    rounds.map((r) => [r.round, r.mean, r.best, r.spread.click]),
    [
      [1, 2, 3, Math.SQRT2],
      [2, 5, 5, 0],
    ],
  );
});

test("the comparison chart marks the negative transfer and the seesaw Welch's test flagged, and nothing else", () => {
  const rows = compareMetricsChart(COMPARISON, 3).rows;
  const flag = (model: string, task: string) => rows.find((r) => r.model === model && String(r.panel).startsWith(task))?.flag;
  assert.equal(flag("mmoe", "click"), "negative transfer");
  assert.equal(flag("mmoe", "watch"), "seesaw");
  assert.equal(flag("single", "click"), "no flag");
});

function twoModels(gap: number, std: number): Comparison {
  return {
    tasks: [TASKS[0] as (typeof TASKS)[0]],
    models: { a: { click: { auc: { mean: 0.7, std } } }, b: { click: { auc: { mean: 0.7 - gap, std } } } },
    flags: { negativeTransfer: [], seesaw: [], test: "" },
    flagMetric: { click: "auc" },
  };
}

test("the reading calls models within noise when Welch's p > 0.05 and behind when p < 0.05", () => {
  assert.match(readComparison(twoModels(0.001, 0.02), 3)[0] as string, /a and b are within noise of each other/);
  assert.match(readComparison(twoModels(0.05, 0.001), 3)[0] as string, /a is ahead \(0\.7000\); b is behind beyond noise \(p < 0\.001/);
});

test("the reading refuses to judge with one seed per model", () => {
  const lines = readComparison(twoModels(0.05, 0), 1);
  assert.equal(lines.length, 1);
  assert.match(lines[0] as string, /no difference can be told from noise/);
});

test("the unadjusted difference is the treated mean minus the control mean, with a normal interval around it", () => {
  const d = naiveDifference([1, 1, 0, 0], [3, 5, 1, 2]);
  assert.equal(d.value, 4 - 1.5);
  const se = Math.sqrt(2 / 2 + 0.5 / 2);
  assert.ok(Math.abs(d.high - d.value - 1.96 * se) < 1e-12);
});

test("the histogram puts the top edge in the last bin and skips values outside the range", () => {
  assert.deepEqual(histogram([0, 0.5, 1, 1.5, -1], 0, 1, 2), [1, 2]);
});

test("a metric cell carries its field and full value; text in the page is escaped", async () => {
  const html = await pageHtml({
    title: "a <b>",
    subtitle: "s",
    sections: [
      { title: "t", tables: [{ caption: "c", columns: ["task", "AUC"], rows: [["<x>", metricCell("valid.tasks.x.auc", 0.123456789)]] }] },
    ],
  });
  assert.ok(html.includes('data-metric="valid.tasks.x.auc" data-value="0.123456789">0.1235<'));
  assert.ok(html.includes(escapeHtml("<x>")) && !html.includes("<x>"));
  assert.ok(!html.includes("<title>a <b>"));
});

test("a 2-level PLE's expert usage is drawn as one heatmap per level, each with its own gates' weights; an MMoE's as one", () => {
  const charts = gateHeatmapCharts(PLE_GATES, 100);
  assert.deepEqual(
    charts.map((c) => c.id),
    ["gate-usage-level0", "gate-usage"],
  );
  const [lower, last] = charts as [Chart, Chart];
  const cells = (c: Chart) => Object.fromEntries(c.rows.map((r) => [`${r.task} ${r.expert}`, r.weight]));
  assert.deepEqual(cells(lower), {
    "click click/0": 0.5,
    "click shared/0": 0.5,
    "watch watch/0": 0.8,
    "watch shared/0": 0.2,
    "shared click/0": 0.1,
    "shared watch/0": 0.2,
    "shared shared/0": 0.7,
  });
  assert.deepEqual(cells(last), { "click click/0": 0.6, "click shared/0": 0.4, "watch watch/0": 0.3, "watch shared/0": 0.7 });
  assert.match(JSON.stringify(lower.spec.title), /level0 \(level 1 of 2\)/);
  assert.match(JSON.stringify(last.spec.title), /level1 \(level 2 of 2\)/);
  // the shared experts after every task's own, whatever order the gates list them in
  const order = Object.fromEntries(lower.rows.map((r) => [r.expert, r.expertOrder]));
  assert.deepEqual(order, { "click/0": 0, "watch/0": 1, "shared/0": 2 });
  const mmoe = gateHeatmapCharts({ gates: PLE_GATES.gates }, 100);
  assert.deepEqual(
    mmoe.map((c) => c.id),
    ["gate-usage"],
  );
});
