import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gauc } from "../src/metrics/index.js";
import { load } from "../src/train/load.js";
import { mtrec } from "./helpers/cli.js";

/** A small funnel file and a shared-bottom model trained on it without --group. */
async function setup(t: { after: (fn: () => Promise<void>) => void }): Promise<{ data: string; model: string }> {
  const tmp = await mkdtemp(join(tmpdir(), "mtrec-eval-group-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const data = join(tmp, "funnel.csv");
  assert.equal((await mtrec("synth", "funnel", "--rows", "3000", "--seed", "5", "--out", data)).code, 0);
  const model = join(tmp, "m");
  const labels = ["--labels", "click,purchase", "--exclude", "action,watch_time,share"];
  const r = await mtrec("train", "--data", data, ...labels, "--model", "shared-bottom", "--epochs", "1", "--threads", "1", "--out", model);
  assert.equal(r.code, 0, r.stderr);
  return { data, model };
}

test("mtrec eval --group reports GAUC equal to the library's gauc on the same rows, for a model trained without --group", async (t) => {
  const { data, model } = await setup(t);
  const without = JSON.parse((await mtrec("eval", "--model", model, "--data", data, "--json", "--threads", "1")).stdout);
  assert.equal(without.tasks.click.gauc, undefined);
  const r = await mtrec("eval", "--model", model, "--data", data, "--group", "user_id", "--json", "--threads", "1");
  assert.equal(r.code, 0, r.stderr);
  const reported = JSON.parse(r.stdout).tasks as Record<string, { gauc: number }>;
  const m = await load(model, { threads: 1 });
  const p = await m.predictFile(data, ["user_id", "click", "purchase"]);
  const ids = new Map<string, number>();
  const groups = Int32Array.from(p.keep?.user_id ?? [], (u) => {
    if (!ids.has(u)) ids.set(u, ids.size);
    return ids.get(u) as number;
  });
  for (const task of ["click", "purchase"]) {
    const labels = Float64Array.from(p.keep?.[task] ?? [], Number);
    const expected = gauc(labels, p.scores[task] as Float32Array, groups);
    assert.ok(Number.isFinite(expected));
    assert.ok(Math.abs((reported[task]?.gauc as number) - expected) < 1e-12, `${task}: ${reported[task]?.gauc} vs ${expected}`);
  }
  const missing = await mtrec("eval", "--model", model, "--data", data, "--group", "no_such_column", "--json");
  assert.equal(missing.code, 3, missing.stderr);
  assert.match(missing.stderr, /no_such_column/);
});

test("mtrec compare --group reports GAUC per model and task", async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), "mtrec-compare-group-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const data = join(tmp, "funnel.csv");
  assert.equal((await mtrec("synth", "funnel", "--rows", "2000", "--seed", "6", "--out", data)).code, 0);
  const r = await mtrec(
    "compare",
    "--data",
    data,
    "--labels",
    "click,purchase",
    "--exclude",
    "action,watch_time,share",
    "--group",
    "user_id",
    "--models",
    "single,shared-bottom",
    "--seeds",
    "1",
    "--epochs",
    "1",
    "--threads",
    "1",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const models = JSON.parse(r.stdout).models as Record<string, Record<string, Record<string, { mean: number }>>>;
  for (const model of ["single", "shared-bottom"]) {
    const g = models[model]?.click?.gauc?.mean as number;
    assert.ok(g > 0 && g < 1, `${model}: gauc ${g}`);
  }
});
