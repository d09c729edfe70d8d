import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { Rng } from "../src/nn/rng.js";
import { mtrec, ROOT } from "./helpers/cli.js";

const exec = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), "mtrec-train-config-"));
test.after(() => rm(dir, { recursive: true, force: true }));

/** The JSON under the README's "A config file" heading, as a user would copy it. */
async function readmeConfig(): Promise<string> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### A config file"));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('README.md has no JSON block under "### A config file"');
  return block[1];
}

/** logs.csv with the README example's columns: user_id, category, price, click, dwell. */
async function writeLogs(path: string, rows: number, seed: number): Promise<void> {
  const rng = new Rng(seed);
  const lines = ["user_id,category,price,click,dwell"];
  for (let i = 0; i < rows; i++) {
    const category = rng.int(20);
    const price = Math.exp(rng.normal());
    const click = rng.uniform() < 1 / (1 + Math.exp(2 - category / 10 + price / 4)) ? 1 : 0;
    lines.push(`${rng.int(300)},c${category},${price.toFixed(3)},${click},${click ? (10 + 5 * rng.normal()).toFixed(2) : 0}`);
  }
  await writeFile(path, `${lines.join("\n")}\n`);
}

test("the README's config example trains as written: train --config C --out D, the data named by data.path", async () => {
  const cwd = join(dir, "readme");
  await rm(cwd, { recursive: true, force: true });
  await mkdir(cwd, { recursive: true });
  await writeFile(join(cwd, "config.json"), await readmeConfig());
  await writeLogs(join(cwd, "logs.csv"), 3000, 7);
  const main = join(ROOT, "dist/src/cli/main.js");
  const { stdout } = await exec(process.execPath, [main, "train", "--config", "config.json", "--out", "model", "--threads", "1"], { cwd });
  assert.match(stdout, /wrote model/);
  const saved = JSON.parse(await readFile(join(cwd, "model", "config.json"), "utf8"));
  assert.equal(saved.config.data.path, "logs.csv");
  assert.equal(saved.config.model.type, "ple");
});

test("train without --data and without data.path in the config exits 2 saying where to give it", async () => {
  const config = join(dir, "no-data.json");
  await writeFile(config, JSON.stringify({ labels: ["click"] }));
  const r = await mtrec("train", "--config", config, "--out", join(dir, "no-data"));
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /no training data: give --data or data\.path in the config/);
});

test("a config with a full schema and fields that shape an inferred one (exclude, positive) exits 2 naming them; so do such flags over it", async () => {
  const config = join(dir, "schema-and-exclude.json");
  const schema = {
    sparse: [{ name: "category", encoding: "vocab" }],
    dense: [{ name: "price" }],
    labels: [{ name: "click", type: "binary" }],
  };
  await writeFile(config, JSON.stringify({ schema, exclude: ["dwell"], positive: { click: 1 } }));
  const fromFile = await mtrec("train", "--config", config, "--data", join(dir, "unused.csv"), "--out", join(dir, "unused"));
  assert.equal(fromFile.code, 2, fromFile.stderr);
  assert.match(
    fromFile.stderr,
    /"exclude", "positive" shape an inferred schema, but this config gives "schema" in full, so they would be ignored/,
  );
  const clean = join(dir, "schema-only.json");
  await writeFile(clean, JSON.stringify({ schema }));
  const fromFlags = await mtrec("train", "--config", clean, "--sparse", "user_id", "--out", join(dir, "unused"));
  assert.equal(fromFlags.code, 2, fromFlags.stderr);
  assert.match(fromFlags.stderr, /--sparse shapes an inferred schema, but .*schema-only\.json gives "schema" in full/);
});

const funnel = join(dir, "funnel.csv");
await writeSynthFunnelCsv(funnel, { rows: 2000, users: 50, items: 40, seed: 3 });
const FUNNEL = ["--data", funnel, "--labels", "click,purchase", "--exclude", "action,watch_time,share", "--epochs", "1", "--threads", "1"];

test("--propensity-column truth_ctr makes an IPW model read P(click) from that column, its other propensity fields kept", async () => {
  const out = join(dir, "ipw");
  const r = await mtrec("train", ...FUNNEL, "--model", "multi-ipw", "--propensity-column", "truth_ctr", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const saved = JSON.parse(await readFile(join(out, "config.json"), "utf8"));
  assert.deepEqual(saved.config.model.propensity, { source: "column", column: "truth_ctr", min: 0.01, maxWeight: 100, stopGradient: true });
});

test("a logged propensity column named by --propensity-column is read by the loss and is not an input of the inferred schema", async () => {
  const lines = (await readFile(funnel, "utf8")).trimEnd().split("\n");
  const at = (lines[0] as string).split(",").indexOf("truth_ctr");
  const logged = join(dir, "logged.csv");
  await writeFile(logged, `${lines.map((l, i) => `${l},${i === 0 ? "p_click" : l.split(",")[at]}`).join("\n")}\n`);
  const out = join(dir, "logged-ipw");
  const flags = FUNNEL.map((f) => (f === funnel ? logged : f));
  const r = await mtrec("train", ...flags, "--model", "multi-ipw", "--propensity-column", "p_click", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(await readFile(join(out, "schema.json"), "utf8")) as { sparse: { name: string }[]; dense: { name: string }[] };
  const inputs = [...schema.sparse, ...schema.dense].map((f) => f.name);
  assert.ok(inputs.length > 0);
  assert.ok(!inputs.includes("p_click"), `p_click is an input: ${inputs.join(", ")}`);
});

test("--propensity-column on a model without a propensity exits 2 naming the models that have one", async () => {
  const r = await mtrec("train", ...FUNNEL, "--model", "esmm", "--propensity-column", "truth_ctr", "--out", join(dir, "esmm"));
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--propensity-column: model "esmm" has no propensity .* naive-ipw, multi-ipw, multi-dr, escm2-ips, escm2-dr/);
});

test("--propensity-column naming a column the data lacks exits 3 naming it", async () => {
  const r = await mtrec("train", ...FUNNEL, "--model", "escm2-dr", "--propensity-column", "p_click", "--out", join(dir, "missing"));
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /no column "p_click"/);
});
