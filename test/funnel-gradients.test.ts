import assert from "node:assert/strict";
import { test } from "node:test";
import { grad } from "../src/graph/grad.js";
import { Graph } from "../src/graph/graph.js";
import { doublyRobust } from "../src/losses/doubly-robust.js";
import { ipsWeights } from "../src/losses/propensity.js";
import { Program } from "../src/runtime/program.js";
import { feedInputs } from "../src/train/feeds.js";
import { labelColumn } from "../src/train/programs.js";
import { funnelBatch, funnelModel, funnelTasks } from "./helpers/funnel.js";
import { out } from "./helpers/out.js";

/** The gradient of one objective term with respect to the parameters whose names start with `prefix`, as one vector. */
async function gradientsFrom(raw: Record<string, unknown>, part: string, prefix: string): Promise<number[]> {
  const model = funnelModel(raw, 3);
  const tasks = funnelTasks(raw.type as string);
  const g = new Graph({ training: true, tablesInGraph: true });
  const labels = Object.fromEntries(tasks.map((t) => [t.name, g.input(labelColumn(t.name), ["B", 1])]));
  const objective = model.objective?.(model.forward(g), { labels });
  assert.ok(objective, `${raw.type} has an objective`);
  const upstream = g.inputs.filter((i) => i.kind === "param" && i.key.startsWith(prefix));
  assert.ok(upstream.length > 0, `no parameter starts with ${prefix}`);
  const grads = grad(
    objective.parts[part]!,
    upstream.map((i) => i.sym),
  );
  for (const [k, s] of grads.entries()) g.output(`g${k}`, s);
  const program = await Program.fromGraph(g, "gradient", { threads: 1 });
  const params = new Map(model.allParameters().map((p) => [p.name, p]));
  const batch = funnelBatch(64, 9);
  const result = await program.run(feedInputs(g, params, batch, 64));
  return upstream.flatMap((_, k) => Array.from(out(result, `g${k}`)));
}

/** The largest |gradient| of one objective term with respect to the parameters whose names start with `prefix`. */
async function gradientFrom(raw: Record<string, unknown>, part: string, prefix: string): Promise<number> {
  return (await gradientsFrom(raw, part, prefix)).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

test("transfer with chain false: the share loss sends exactly zero gradient into the click tower even without stop-gradient", async () => {
  assert.equal(await gradientFrom({ type: "transfer", chain: false, stopGradient: false }, "share", "tower.click"), 0);
});

test("multi-dr: the DR loss and the auxiliary-imputation (IPS) loss give the CVR tower the same gradient, ê being a constant in it", async () => {
  const dr = await gradientsFrom({ type: "multi-dr" }, "cvr", "tower.cvr");
  const auxiliary = await gradientsFrom({ type: "multi-dr", imputation: "auxiliary" }, "cvr", "tower.cvr");
  assert.ok(dr.some((v) => v !== 0));
  assert.equal(dr.length, auxiliary.length);
  for (const [i, v] of dr.entries())
    assert.ok(Math.abs(v - (auxiliary[i] as number)) <= 1e-6 * (1 + Math.abs(v)), `component ${i}: ${v} vs ${auxiliary[i]}`);
});

test("transfer: with stop-gradient the share loss sends exactly zero gradient into the click tower; without, it does", async () => {
  assert.equal(await gradientFrom({ type: "transfer" }, "share", "tower.click"), 0);
  assert.ok((await gradientFrom({ type: "transfer", stopGradient: false }, "share", "tower.click")) > 0);
});

test("escm2-ips: the CVR loss sends exactly zero gradient into the CTR tower through its propensity, unless told to", async () => {
  assert.equal(await gradientFrom({ type: "escm2-ips" }, "cvr", "tower.ctr"), 0);
  assert.ok((await gradientFrom({ type: "escm2-ips", propensity: { stopGradient: false } }, "cvr", "tower.ctr")) > 0);
});

test("propensity clipping bounds every inverse-propensity weight to [1, maxWeight]", async () => {
  const g = new Graph({ floatType: "float64" });
  const p = g.input("p", ["B", 1]);
  g.output("w", ipsWeights(p, { min: 0.05, maxWeight: 10, stopGradient: true }));
  const r = await (await Program.fromGraph(g, "ips", { threads: 1 })).run({
    p: { type: "float64", data: Float64Array.of(0.001, 0.05, 0.5, 1), dims: [4, 1] },
  });
  assert.deepEqual(Array.from(out(r, "w")), [10, 10, 2, 1]);
});

test("the doubly robust loss equals (1/|D|) Σ [ê + o·(e − ê)·w] and its imputation term (1/|D|) Σ o·(e − ê)²·w by hand", async () => {
  const g = new Graph({ floatType: "float64" });
  const [e, eHat, o, w] = ["e", "eHat", "o", "w"].map((n) => g.input(n, ["B", 1]));
  const dr = doublyRobust(e!, eHat!, o!, w!);
  g.output("cvr", dr.cvr);
  g.output("imputation", dr.imputation);
  const f = (v: number[]) => ({ type: "float64" as const, data: Float64Array.from(v), dims: [4, 1] });
  const values = { e: [0.7, 0.2, 1.5, 0.1], eHat: [0.5, 0.4, 0.9, 0.3], o: [1, 0, 1, 0], w: [2, 5, 4, 1] };
  const r = await (await Program.fromGraph(g, "dr", { threads: 1 })).run({
    e: f(values.e),
    eHat: f(values.eHat),
    o: f(values.o),
    w: f(values.w),
  });
  const n = 4;
  let cvr = 0;
  let imputation = 0;
  for (let i = 0; i < n; i++) {
    const gap = values.e[i]! - values.eHat[i]!;
    cvr += values.eHat[i]! + values.o[i]! * gap * values.w[i]!;
    imputation += values.o[i]! * gap * gap * values.w[i]!;
  }
  assert.ok(Math.abs(out(r, "cvr")[0]! - cvr / n) < 1e-12);
  assert.ok(Math.abs(out(r, "imputation")[0]! - imputation / n) < 1e-12);
});

test("a separate propensity model learns only from its own click loss: the CVR loss sends it no gradient", async () => {
  const raw = { type: "multi-ipw", propensity: { source: "separate" } };
  assert.equal(await gradientFrom(raw, "cvr", "propensity."), 0);
  assert.ok((await gradientFrom(raw, "propensity", "propensity.")) > 0);
});
