import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { mtrec } from "./helpers/cli.js";

let dir: string;
let data: string;
let model: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-cli-report-"));
  data = join(dir, "funnel.csv");
  const s = await mtrec("synth", "funnel", "--rows", "1500", "--seed", "3", "--out", data);
  assert.equal(s.code, 0, s.stderr);
  model = join(dir, "m");
  const t = await mtrec(...trainEsmm(), "--report");
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /wrote the report .*report\.html/);
});

/** `mtrec train` of the page's ESMM on the funnel file into the model directory, for one epoch on one thread. */
function trainEsmm(): string[] {
  const flags = [
    "--labels",
    "click,purchase",
    "--exclude",
    "action,watch_time,share",
    "--model",
    "esmm",
    "--epochs",
    "1",
    "--threads",
    "1",
  ];
  return ["train", "--data", data, ...flags, "--out", model];
}

after(() => rm(dir, { recursive: true, force: true }));

test("train --report leaves report.html and steps.json in the model directory, and --overwrite accepts a directory holding them", async () => {
  for (const f of ["report.html", "steps.json"]) assert.ok((await stat(join(model, f))).size > 0, f);
  const again = await mtrec(...trainEsmm(), "--overwrite");
  assert.equal(again.code, 0, again.stderr);
});

test("mtrec report --data adds the AUC, GAUC and KS on that file, the same numbers mtrec eval prints", async () => {
  const out = join(dir, "with-data.html");
  const r = await mtrec("report", "--model", model, "--data", data, "--group", "user_id", "--out", out, "--threads", "1");
  assert.equal(r.code, 0, r.stderr);
  const html = await readFile(out, "utf8");
  const e = await mtrec("eval", "--model", model, "--data", data, "--group", "user_id", "--json", "--threads", "1");
  const evaluated = JSON.parse(e.stdout) as { tasks: Record<string, Record<string, number>> };
  for (const metric of ["auc", "gauc", "ks"]) {
    const m = html.match(new RegExp(`data-metric="data\\.tasks\\.click\\.${metric}" data-value="([^"]+)"`));
    assert.ok(m, `no ${metric} cell`);
    assert.equal(Number(m[1]), evaluated.tasks.click?.[metric], metric);
  }
});

test("train --report of a 2-level PLE draws the expert usage of each level, from metrics.json's gates and levelGates", async () => {
  const csv = join(dir, "mmoe.csv");
  const s = await mtrec("synth", "mmoe", "--rows", "400", "--seed", "4", "--out", csv);
  assert.equal(s.code, 0, s.stderr);
  const ple = join(dir, "ple");
  const config = join(dir, "ple.json");
  await writeFile(
    config,
    JSON.stringify({ labels: ["y1", "y2"], model: { type: "ple", levels: 2, taskExperts: 1, sharedExperts: 1, expertHidden: [8] } }),
  );
  const t = await mtrec(
    "train",
    "--config",
    config,
    "--data",
    csv,
    "--labels",
    "y1,y2",
    "--epochs",
    "1",
    "--threads",
    "1",
    "--out",
    ple,
    "--report",
  );
  assert.equal(t.code, 0, t.stderr);
  const html = await readFile(join(ple, "report.html"), "utf8");
  const charts = [...html.matchAll(/data-chart="(gate-usage[^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(charts, ["gate-usage-level0", "gate-usage"]);
  const metrics = JSON.parse(await readFile(join(ple, "metrics.json"), "utf8")) as { valid: { gates: object; levelGates: object } };
  assert.deepEqual(Object.keys(metrics.valid.gates), ["y1", "y2"]);
  assert.deepEqual(Object.keys(metrics.valid.levelGates), ["level0/y1", "level0/y2", "level0/shared"]);
  assert.doesNotMatch(html, /last extraction level only/);
});

test("mtrec report refuses an --out in a directory that does not exist, with exit code 2, before any work", async () => {
  const r = await mtrec("report", "--model", model, "--out", join(dir, "no-such-dir", "r.html"));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--out .*does not exist/);
});

test("mtrec report names the missing file when --model is not a model directory (exit code 4)", async () => {
  const r = await mtrec("report", "--model", dir, "--out", join(dir, "r.html"));
  assert.equal(r.code, 4);
  assert.match(r.stderr, /config\.json: cannot be read/);
});
