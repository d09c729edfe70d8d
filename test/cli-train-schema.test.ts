import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { mtrec } from "./helpers/cli.js";

let dir = "";
let data = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-cli-schema-"));
  data = join(dir, "log.csv");
  const lines = ["row_id,city,price,click"];
  // "click" is 0/1 but for one 2 (line 89); "row_id" has a value per row
  for (let i = 0; i < 1200; i++)
    lines.push([i, ["Paris", "Lyon", "Nice"][i % 3], ((i * 7) % 23) + 0.5, i === 87 ? 2 : i % 3 === 0 ? 1 : 0].join(","));
  await writeFile(data, `${lines.join("\n")}\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

const train = (...extra: string[]) => mtrec("train", "--data", data, "--labels", "click", "--epochs", "1", "--threads", "1", ...extra);

test("mtrec train refuses a 0/1 label with one other value (exit 3), naming its line and --regression", async () => {
  const r = await train("--out", join(dir, "refused"));
  assert.equal(r.code, 3);
  assert.match(r.stderr, /log\.csv, line 89, column "click": 2 is neither 0 nor 1.*--regression click/);
});

test("mtrec train --regression trains that label as a regression; the printed schema says why row_id is not an input", async () => {
  const out = join(dir, "regression");
  const r = await train("--regression", "click", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /not an input: "row_id": 1,200 distinct values in 1,200 rows/);
  const schema = JSON.parse(await readFile(join(out, "inferred-schema.json"), "utf8"));
  assert.deepEqual(schema.labels, [{ name: "click", type: "regression" }]);
  assert.ok(!schema.sparse.some((f: { name: string }) => f.name === "row_id"));
});

test("mtrec train --sparse takes a row id back as an input", async () => {
  const out = join(dir, "with-id");
  const r = await train("--regression", "click", "--sparse", "row_id", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(await readFile(join(out, "inferred-schema.json"), "utf8"));
  assert.ok(schema.sparse.some((f: { name: string }) => f.name === "row_id"));
});
