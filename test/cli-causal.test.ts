import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { mtrec } from "./helpers/cli.js";

const tmp = await mkdtemp(join(tmpdir(), "mtrec-causal-"));
after(() => rm(tmp, { recursive: true, force: true }));
const data = join(tmp, "confounded.csv");
const COVARIATES = "x1,x2,x3,x4,x5";

/** `mtrec causal ate` on the shared data set, with the given extra flags. */
const ate = (...extra: string[]) =>
  mtrec("causal", "ate", "--data", data, "--treatment", "t", "--outcome", "y", "--covariates", COVARIATES, ...extra);

test("mtrec causal ate --json gives method, ate, ci, se and diagnostics, near the true effect", async () => {
  const s = await mtrec("synth", "confounded", "--rows", "20000", "--seed", "4", "--out", data);
  assert.equal(s.code, 0, s.stderr);
  for (const method of ["ipw", "ipw-stabilized", "ipw-trimmed", "ipw-snips", "dr"]) {
    const r = await ate("--method", method, "--bootstrap", "30", "--json");
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.method, method);
    assert.ok(Math.abs(j.ate - 2) < 0.15, `${method}: ATE ${j.ate}`);
    assert.ok(j.ci[0] < j.ate && j.ate < j.ci[1] && j.se > 0);
    assert.equal(typeof j.diagnostics.smd.x1.before, "number");
    assert.equal(typeof j.diagnostics.weights.effectiveSampleSize, "number");
  }
});

test("dr's bootstrap interval (refitting both models) agrees with its influence-function interval", async () => {
  const run = async (...extra: string[]) => {
    const r = await ate("--method", "dr", "--bootstrap", "40", "--json", ...extra);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const influence = await run();
  const boot = await run("--dr-bootstrap");
  assert.equal(boot.diagnostics.interval, "bootstrap");
  assert.equal(boot.ate, influence.ate);
  assert.ok(boot.se > influence.se / 2 && boot.se < influence.se * 2, `se ${boot.se} vs ${influence.se}`);
});

test("mtrec causal balance reports SMDs that weighting brings below 0.1", async () => {
  const r = await mtrec("causal", "balance", "--data", data, "--treatment", "t", "--covariates", COVARIATES, "--json");
  assert.equal(r.code, 0, r.stderr);
  const b = JSON.parse(r.stdout);
  assert.ok(Math.abs(b.smd.x1.before) > 0.1, `x1 before ${b.smd.x1.before}`);
  for (const [c, s] of Object.entries(b.smd as Record<string, { after: number }>))
    assert.ok(Math.abs(s.after) < 0.1, `${c} after ${s.after}`);
});

test("a treatment that is not 0/1, a missing column and an unknown method are named", async () => {
  const bad = join(tmp, "bad.csv");
  await writeFile(bad, "x1,t,y\n0.1,0,1\n0.2,2,1\n");
  const r = await mtrec("causal", "ate", "--data", bad, "--treatment", "t", "--outcome", "y", "--covariates", "x1");
  assert.equal(r.code, 3);
  assert.match(r.stderr, /bad\.csv, row 2, column "t": the treatment must be 0 or 1, got 2/);
  const missing = await mtrec("causal", "ate", "--data", data, "--treatment", "t", "--outcome", "y", "--covariates", "x9");
  assert.match(missing.stderr, /no column "x9"/);
  const method = await mtrec(
    "causal",
    "ate",
    "--data",
    data,
    "--treatment",
    "t",
    "--outcome",
    "y",
    "--covariates",
    "x1",
    "--method",
    "psm",
  );
  assert.equal(method.code, 2);
  assert.match(method.stderr, /--method psm is not one of ipw, ipw-stabilized, ipw-trimmed, ipw-snips, dr/);
});

test("mtrec causal att estimates the effect on the treated by matching, with and without replacement", async () => {
  // without replacement the controls run short (about 40 % of rows are treated): a tight caliper keeps the matches close
  for (const extra of [[], ["--no-replacement", "--caliper", "0.005"]]) {
    const r = await mtrec(
      "causal",
      "att",
      "--data",
      data,
      "--treatment",
      "t",
      "--outcome",
      "y",
      "--covariates",
      COVARIATES,
      "--json",
      ...extra,
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.ok(Math.abs(j.att - 2) < 0.2, `ATT ${j.att} (homogeneous effect 2) with ${extra.join(" ")}`);
    assert.equal(j.matched + j.unmatched, j.treated);
  }
});

test("trained mtrec models can serve as the propensity and outcome models of DR", async () => {
  const pm = join(tmp, "propensity-model");
  const om = join(tmp, "outcome-model");
  const common = ["--data", data, "--model", "shared-bottom", "--epochs", "3", "--threads", "1"];
  assert.equal((await mtrec("train", ...common, "--labels", "t", "--exclude", "y,truth_e", "--out", pm)).code, 0);
  assert.equal((await mtrec("train", ...common, "--labels", "y", "--exclude", "truth_e", "--out", om)).code, 0);
  const r = await ate("--method", "dr", "--propensity-model", pm, "--outcome-model", om, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(Math.abs(j.ate - 2) < 0.15, `DR with mtrec models: ${j.ate}`);
  const wrong = await ate("--propensity-model", om);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /needs a binary task "t"; it has y \(regression\)/);
});
