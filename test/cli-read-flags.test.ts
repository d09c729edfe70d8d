import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sourceFrom } from "../src/cli/commands/train.js";
import { load } from "../src/train/load.js";
import { mtrec } from "./helpers/cli.js";

// A header-less file whose first line is the only treated row and the only id 1000: a reader
// that takes it for a header loses exactly that row.
const COLUMNS = "id,x,city,t,click";
const ROWS = 40;
const lines = Array.from(
  { length: ROWS },
  (_, i) => `${1000 + i},${((i * 7) % 11) / 10},${["paris", "lyon", "nice"][i % 3]},${i === 0 ? 1 : 0},${(i * 7) % 5 < 2 ? 1 : 0}`,
);
const TRAIN = ["--epochs", "1", "--batch-size", "16", "--threads", "1", "--valid-fraction", "0.25"];

let dir = "";
let data = "";
let model = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-cli-read-flags-"));
  data = join(dir, "clicks.data");
  await writeFile(data, `${lines.join("\n")}\n`);
  model = join(dir, "model");
  const t = await mtrec("train", "--data", data, "--columns", COLUMNS, "--labels", "click", "--exclude", "id,t", "--out", model, ...TRAIN);
  assert.equal(t.code, 0, t.stderr);
});
after(() => rm(dir, { recursive: true, force: true }));

async function scoredIds(out: string): Promise<string[]> {
  const text = (await readFile(out, "utf8")).trim().split("\n");
  assert.equal(text[0], "id,score_click");
  return text.slice(1).map((l) => l.split(",")[0] as string);
}

test("--columns alone means no header: predict scores every row of a header-less file, the first included", async () => {
  const out = join(dir, "with-columns.csv");
  const p = await mtrec("predict", "--model", model, "--data", data, "--columns", COLUMNS, "--out", out, "--keep", "id");
  assert.equal(p.code, 0, p.stderr);
  const ids = await scoredIds(out);
  assert.equal(ids.length, ROWS);
  assert.equal(ids[0], "1000");
});

/** `mtrec causal att` of click on t over x, reading `file` with `--columns` and the flags given. */
async function treatedCount(file: string, ...flags: string[]): Promise<number> {
  const r = await mtrec(
    "causal",
    "att",
    "--data",
    file,
    "--columns",
    COLUMNS,
    ...flags,
    "--treatment",
    "t",
    "--outcome",
    "click",
    "--covariates",
    "x",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).treated;
}

test("causal att with --columns counts the first line's treated row", async () => {
  assert.equal(await treatedCount(data), 1);
});

test("--header with --columns reads the first line as a header and names the columns by --columns", async () => {
  const headed = join(dir, "headed.csv");
  await writeFile(headed, `a,b,c,d,e\n${lines.join("\n")}\n`);
  assert.equal(await treatedCount(headed, "--header"), 1);
});

test("sourceFrom: --columns without --header reads no header; --header or --no-header given wins", () => {
  assert.equal(sourceFrom("f.csv", { columns: ["a"] }).header, false);
  assert.equal(sourceFrom("f.csv", { columns: ["a"], header: true }).header, true);
  assert.equal(sourceFrom("f.csv", {}).header, undefined);
  assert.equal(sourceFrom("f.csv", { header: false }).header, false);
});

test("every command that reads a data file takes --columns, --header and --no-header", async () => {
  const commands = [
    ["train"],
    ["eval"],
    ["predict"],
    ["compare"],
    ["fusion", "tune"],
    ["causal", "ate"],
    ["causal", "att"],
    ["causal", "balance"],
  ];
  for (const command of commands) {
    const help = await mtrec(...command, "--help");
    assert.equal(help.code, 0, help.stderr);
    for (const flag of ["--columns <names>", "--header ", "--no-header"])
      assert.ok(help.stdout.includes(flag), `${command.join(" ")} lacks ${flag}`);
  }
});

test("eval and predict reuse the model's read options: a header-less training file needs no --columns again", async () => {
  const out = join(dir, "reused.csv");
  const p = await mtrec("predict", "--model", model, "--data", data, "--out", out, "--keep", "id");
  assert.equal(p.code, 0, p.stderr);
  const ids = await scoredIds(out);
  assert.equal(ids.length, ROWS);
  assert.equal(ids[0], "1000");
  const e = await mtrec("eval", "--model", model, "--data", data, "--json", "--threads", "1");
  assert.equal(e.code, 0, e.stderr);
  assert.equal(typeof JSON.parse(e.stdout).tasks.click.auc, "number");
});

test("a file given with --header names its own columns, over the model's --columns", async () => {
  const headed = join(dir, "named.csv");
  await writeFile(headed, `${COLUMNS}\n${lines.join("\n")}\n`);
  const out = join(dir, "named-scores.csv");
  const p = await mtrec("predict", "--model", model, "--data", headed, "--header", "--out", out, "--keep", "id");
  assert.equal(p.code, 0, p.stderr);
  assert.equal((await scoredIds(out)).length, ROWS);
});

test("the library's predictFile reuses the model's read options too", async () => {
  const m = await load(model, { threads: 1 });
  const scored = await m.predictFile(data, ["id"]);
  assert.equal(scored.rows, ROWS);
  assert.equal(scored.keep?.id?.[0], "1000");
});
