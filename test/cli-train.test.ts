import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ZOO_TYPES } from "../src/models/registry.js";
import { mtrec } from "./helpers/cli.js";
import { ADULT_500, ADULT_COLUMNS, BYTEREC_COLUMNS, fixture } from "./helpers/datasets.js";

const tmp = await mkdtemp(join(tmpdir(), "mtrec-cli-"));
after(() => rm(tmp, { recursive: true, force: true }));
const ali = (split: string) => fixture(`ali_ccp_${split}_sample.csv`);
const TRAIN = ["--epochs", "2", "--batch-size", "32", "--threads", "1"];

test("mtrec train writes a model directory; eval and predict read it back (Ali-CCP sample)", async () => {
  const dir = join(tmp, "ali");
  const t = await mtrec(
    "train",
    "--data",
    ali("train"),
    "--valid",
    ali("val"),
    "--labels",
    "click,purchase",
    "--model",
    "mmoe",
    "--out",
    dir,
    ...TRAIN,
  );
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /inferred schema/);
  const files = await readdir(dir);
  for (const f of [
    "config.json",
    "schema.json",
    "vocab",
    "weights.safetensors",
    "metrics.json",
    "model.onnx",
    "inferred-schema.json",
    "checkpoint",
  ]) {
    assert.ok(files.includes(f), `missing ${f} in ${files.join(", ")}`);
  }
  const metrics = JSON.parse(await readFile(join(dir, "metrics.json"), "utf8"));
  assert.equal(metrics.history.length, 2);
  const e = await mtrec("eval", "--model", dir, "--data", ali("test"), "--json", "--threads", "1");
  assert.equal(e.code, 0, e.stderr);
  const report = JSON.parse(e.stdout);
  for (const task of ["click", "purchase"]) {
    for (const k of ["auc", "ks", "logloss", "meanPred", "meanLabel"]) assert.equal(typeof report.tasks[task][k], "number", `${task}.${k}`);
  }
  const usage = Object.values(report.gates.click as Record<string, number>);
  assert.equal(usage.length, 4);
  assert.ok(Math.abs(usage.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const out = join(tmp, "scores.csv");
  const p = await mtrec("predict", "--model", dir, "--data", ali("test"), "--out", out, "--keep", "101");
  assert.equal(p.code, 0, p.stderr);
  const lines = (await readFile(out, "utf8")).trim().split("\n");
  assert.equal(lines[0], "101,score_click,score_purchase");
  assert.equal(lines.length, 51);
  for (const line of lines.slice(1)) {
    const [, click, purchase] = line.split(",").map(Number);
    assert.ok((click as number) > 0 && (click as number) < 1 && (purchase as number) > 0 && (purchase as number) < 1, line);
  }
});

test("mtrec train reads a header-less TSV with --columns (ByteRec sample) with every architecture of the zoo", async () => {
  const columns = BYTEREC_COLUMNS.join(",");
  for (const model of ZOO_TYPES) {
    const r = await mtrec(
      "train",
      "--data",
      fixture("byterec_sample.txt"),
      "--columns",
      columns,
      "--labels",
      "finish,like",
      "--model",
      model,
      "--out",
      join(tmp, `byte-${model}`),
      ...TRAIN,
    );
    assert.equal(r.code, 0, `${model}: ${r.stderr}`);
    assert.match(r.stdout, /kept epoch \d/);
  }
});

test("the same --seed gives the same weights, byte for byte", async () => {
  const run = async (name: string, seed: string) => {
    const dir = join(tmp, name);
    const r = await mtrec(
      "train",
      "--data",
      ali("train"),
      "--labels",
      "click,purchase",
      "--model",
      "ple",
      "--seed",
      seed,
      "--out",
      dir,
      ...TRAIN,
    );
    assert.equal(r.code, 0, r.stderr);
    return readFile(join(dir, "weights.safetensors"));
  };
  const a = await run("seed-a", "5");
  const b = await run("seed-b", "5");
  const c = await run("seed-c", "6");
  assert.ok(a.equals(b), "two runs with seed 5 differ");
  assert.ok(!a.equals(c), "seeds 5 and 6 gave the same weights");
});

test("bad input fails with a named error and its exit code", async () => {
  const noLabel = await mtrec("train", "--data", ali("train"), "--labels", "click,nosuch", "--out", join(tmp, "x"));
  assert.equal(noLabel.code, 3);
  assert.match(noLabel.stderr, /ali_ccp_train_sample\.csv: no column "nosuch"/);
  const badModel = await mtrec("train", "--data", ali("train"), "--labels", "click", "--model", "mmmoe", "--out", join(tmp, "y"));
  assert.equal(badModel.code, 2);
  assert.match(badModel.stderr, /known architectures: single, shared-bottom, moe, mmoe, cgc, ple/);
  const noModel = await mtrec("eval", "--model", join(tmp, "none"), "--data", ali("test"));
  assert.equal(noModel.code, 4);
  assert.match(noModel.stderr, /not a model directory/);
});

test("mtrec compare --json gives mean and std per model, task and metric, and flags against single", async () => {
  const r = await mtrec(
    "compare",
    "--data",
    ali("train"),
    "--valid",
    ali("val"),
    "--labels",
    "click,purchase",
    "--models",
    "single,mmoe",
    "--seeds",
    "2",
    "--json",
    ...TRAIN,
  );
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout);
  const metrics = Object.keys(c.models.single.click).sort();
  assert.ok(metrics.includes("auc") && metrics.includes("logloss"), metrics.join(", "));
  for (const model of ["single", "mmoe"]) {
    for (const task of ["click", "purchase"]) {
      assert.deepEqual(Object.keys(c.models[model][task]).sort(), metrics, `${model} ${task}`);
      for (const metric of metrics) {
        const { mean, std } = c.models[model][task][metric];
        assert.equal(typeof mean, "number", `${model} ${task} ${metric}`);
        assert.ok(std >= 0 || Number.isNaN(mean), `${model} ${task} ${metric}: std ${std}`);
      }
    }
  }
  assert.ok(Array.isArray(c.flags.negativeTransfer));
  assert.ok(Array.isArray(c.flags.seesaw));
});

test("--positive maps a text label for an inferred schema (UCI Adult)", async () => {
  const columns = ADULT_COLUMNS.join(",");
  const data = fixture(ADULT_500);
  const without = await mtrec("train", "--data", data, "--columns", columns, "--labels", "income", "--out", join(tmp, "adult-x"), ...TRAIN);
  assert.equal(without.code, 2);
  assert.match(without.stderr, /--positive income=>50K/);
  const r = await mtrec(
    "train",
    "--data",
    data,
    "--columns",
    columns,
    "--labels",
    "income",
    "--positive",
    "income=>50K",
    "--model",
    "shared-bottom",
    "--out",
    join(tmp, "adult"),
    "--epochs",
    "1",
    "--threads",
    "1",
  );
  assert.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(await readFile(join(tmp, "adult", "inferred-schema.json"), "utf8"));
  assert.deepEqual(schema.labels, [{ name: "income", type: "binary", positive: ">50K" }]);
});

test("with --strict an inferred schema refuses a column that gives a label away, naming it and the flag to leave it out", async () => {
  const data = join(tmp, "funnel.csv");
  const s = await mtrec("synth", "funnel", "--rows", "5000", "--seed", "2", "--out", data);
  assert.equal(s.code, 0, s.stderr);
  const r = await mtrec(
    "train",
    "--data",
    data,
    "--labels",
    "click,purchase",
    "--model",
    "esmm",
    "--strict",
    "--out",
    join(tmp, "leaky"),
    ...TRAIN,
  );
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"watch_time" gives "click" away: alone it ranks "click" with AUC 1\.000.*--exclude [a-z_,]*watch_time/);
  const ok = await mtrec(
    "train",
    "--data",
    data,
    "--labels",
    "click,purchase",
    "--exclude",
    "action,watch_time,share",
    "--model",
    "esmm",
    "--out",
    join(tmp, "esmm"),
    ...TRAIN,
  );
  assert.equal(ok.code, 0, ok.stderr);
  const e = await mtrec("eval", "--model", join(tmp, "esmm"), "--data", data, "--json", "--threads", "1");
  const cvr = JSON.parse(e.stdout).cvr;
  for (const k of ["aucO", "aucD", "ieb", "iebRelative", "crr"]) assert.equal(typeof cvr[k], "number", `cvr.${k}`);
});

test("mtrec train runs esmm on the Ali-CCP sample (the real format; too small for accuracy)", async () => {
  const dir = join(tmp, "ali-esmm");
  const r = await mtrec(
    "train",
    "--data",
    ali("train"),
    "--valid",
    ali("val"),
    "--labels",
    "click,purchase",
    "--model",
    "esmm",
    "--out",
    dir,
    ...TRAIN,
  );
  assert.equal(r.code, 0, r.stderr);
  const e = await mtrec("eval", "--model", dir, "--data", ali("test"), "--json", "--threads", "1");
  assert.equal(e.code, 0, e.stderr);
  const report = JSON.parse(e.stdout);
  assert.equal(typeof report.tasks.click.auc, "number");
  assert.equal(typeof report.cvr.aucO, "number");
  assert.equal(report.cvr.aucD, undefined, "no truth columns in real logs: no CVR AUC on D");
});
