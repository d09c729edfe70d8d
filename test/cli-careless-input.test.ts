import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { mtrec } from "./helpers/cli.js";

// What a new user's first hour turned up (2026-11-30): each case failed, or was silent, before.

let tmp: string;
let data: string;
let model: string;
const labels = ["--labels", "click,purchase", "--exclude", "action,watch_time,share"];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "mtrec-careless-"));
  data = join(tmp, "funnel.csv");
  assert.equal((await mtrec("synth", "funnel", "--rows", "2000", "--seed", "3", "--out", data)).code, 0);
  model = join(tmp, "m");
  const r = await mtrec("train", "--data", data, ...labels, "--model", "esmm", "--epochs", "1", "--threads", "1", "--out", model);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rm(tmp, { recursive: true, force: true }));

/** The file's header line alone: a file with columns and no rows. */
async function headerOnly(): Promise<string> {
  const path = join(tmp, "header-only.csv");
  await writeFile(path, `${(await readFile(data, "utf8")).split("\n")[0]}\n`);
  return path;
}

test("eval and report of a file with a header and no rows: a data error naming the file, not an internal error", async () => {
  const empty = await headerOnly();
  for (const args of [
    ["eval", "--model", model, "--data", empty],
    ["report", "--model", model, "--data", empty, "--out", join(tmp, "r.html")],
  ]) {
    const r = await mtrec(...args);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /header-only\.csv: no data rows; there is nothing to evaluate the model on/);
  }
});

test("predict and report refuse to write their output over the data they read, under any spelling of its path", async () => {
  const copy = join(tmp, "copy.csv");
  await copyFile(data, copy);
  const before = await readFile(copy, "utf8");
  const predict = await mtrec("predict", "--model", model, "--data", copy, "--out", join(tmp, ".", "copy.csv"));
  assert.equal(predict.code, 2);
  assert.match(predict.stderr, /--out .*copy\.csv is the file --data reads: writing it would replace the data/);
  const report = await mtrec("report", "--model", model, "--data", copy, "--out", copy);
  assert.equal(report.code, 2);
  assert.equal(await readFile(copy, "utf8"), before);
});

test("an empty --valid file is named as the file without rows, not the training file", async () => {
  const r = await mtrec("train", "--data", data, "--valid", await headerOnly(), ...labels, "--epochs", "1", "--out", join(tmp, "v"));
  assert.equal(r.code, 3);
  assert.match(r.stderr, /header-only\.csv: no data rows; the validation file needs at least one/);
});

test("--valid-fraction beside --valid is refused (it would be ignored), and validating on the training file is warned of", async () => {
  const both = await mtrec("train", "--data", data, "--valid", data, "--valid-fraction", "0.3", ...labels, "--out", join(tmp, "w"));
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--valid-fraction holds a share of --data out for validation, but --valid .* gives the validation rows/);
  const same = await mtrec("train", "--data", data, "--valid", data, ...labels, "--epochs", "1", "--threads", "1", "--out", join(tmp, "s"));
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /warning: the validation file .*funnel\.csv is the training file/);
});

test("--seed 0 is a seed like any other", async () => {
  const r = await mtrec("train", "--data", data, ...labels, "--seed", "0", "--epochs", "1", "--threads", "1", "--out", join(tmp, "seed0"));
  assert.equal(r.code, 0, r.stderr);
  const config = JSON.parse(await readFile(join(tmp, "seed0", "config.json"), "utf8")) as { config: { train: { seed: number } } };
  assert.equal(config.config.train.seed, 0);
});

test("a bad fusion type in predict's --fuse is named as --fuse's, not as a --type flag predict does not have", async () => {
  const r = await mtrec("predict", "--model", model, "--data", data, "--out", join(tmp, "p.csv"), "--fuse", "mult:click=1");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--fuse: type mult is not multiplicative, additive or rank/);
});

test("a data file given as --model is called a file, not offered as a training run's --out", async () => {
  const r = await mtrec("eval", "--model", data, "--data", data);
  assert.equal(r.code, 4);
  assert.match(r.stderr, /funnel\.csv: is a file, not a model directory/);
  assert.doesNotMatch(r.stderr, /--out .*funnel\.csv/);
});

test("a model trained on a header-less file refuses to read another file's header line as a row, and --header reads it", async () => {
  const text = await readFile(data, "utf8");
  const [header, ...rest] = text.split("\n");
  const bare = join(tmp, "bare.csv");
  await writeFile(bare, rest.join("\n"));
  const nh = join(tmp, "nh");
  const trained = await mtrec(
    "train",
    "--data",
    bare,
    "--columns",
    header as string,
    ...labels,
    "--epochs",
    "1",
    "--threads",
    "1",
    "--out",
    nh,
  );
  assert.equal(trained.code, 0, trained.stderr);
  const out = join(tmp, "scores.csv");
  const refused = await mtrec("predict", "--model", nh, "--data", data, "--out", out);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /funnel\.csv, line 1: holds the column names \(user_id, .*\), so it is a header, .* give --header/);
  const read = await mtrec("predict", "--model", nh, "--data", data, "--out", out, "--header");
  assert.equal(read.code, 0, read.stderr);
  assert.equal((await readFile(out, "utf8")).trimEnd().split("\n").length, 1 + 2000);
});

test("report --group without --data is refused: there is nothing to group", async () => {
  const r = await mtrec("report", "--model", model, "--group", "user_id", "--out", join(tmp, "g.html"));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--group names the user column of --data for GAUC; give --data too/);
});
