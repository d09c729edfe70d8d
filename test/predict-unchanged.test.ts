import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { planColumns } from "../src/data/columns.js";
import { sqlString, withConnection } from "../src/data/duckdb.js";
import { encodeColumns } from "../src/data/encode.js";
import { open, type RawColumn, readChunks } from "../src/data/reader.js";
import type { DataSource } from "../src/data/types.js";
import { parseTrainConfig } from "../src/train/config.js";
import { predict } from "../src/train/evaluate.js";
import { load } from "../src/train/load.js";
import { predictSource } from "../src/train/predict-source.js";
import { trainModel } from "../src/train/trainer.js";
import { fixture } from "./helpers/datasets.js";

/*
 * `mtrec predict` and `mtrec eval` read a file through the reader's coded text columns since
 * issue 16 (each distinct value decoded and looked up once). Their scores must stay what the
 * value-by-value reader gave: predicted-before-16.json holds the scores `scoresOf` below
 * computed at commit 6b60672, before the change, for a small model trained on mixed-300.csv.
 */

let dir = "";
let model = "";
const csv = fixture("mixed-300.csv");

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-predict-unchanged-"));
  model = join(dir, "model");
  const config = parseTrainConfig({
    data: { path: csv },
    labels: ["click"],
    group: "user",
    model: { type: "mmoe", experts: 2, expertHidden: [8], towerHidden: [4] },
    train: { epochs: 1, batchSize: 32, threads: 1, seed: 1 },
  });
  await trainModel(config, { out: model, warn: () => {} });
});
after(() => rm(dir, { recursive: true, force: true }));

/** The model's click scores of every row of `source`, read as `mtrec predict` reads it (in pieces of 64 rows). */
async function scoresOf(source: DataSource): Promise<number[]> {
  const { schema, config, infer } = await load(model, { threads: 1 });
  const { predictions } = await predictSource(infer, schema, config.tasks, source, { labels: false, chunkRows: 64 });
  return Array.from(predictions.scores.click as Float32Array);
}

function assertClose(got: number[], want: number[]): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => {
    assert.ok(Math.abs(g - (want[i] as number)) < 1e-5, `row ${i}: ${g} against ${want[i]} before`);
  });
}

test("mtrec predict scores a CSV and its Parquet copy as it did before the coded reader, within float rounding", async () => {
  const expected: { csv: number[]; parquet: number[] } = JSON.parse(await readFile(fixture("predicted-before-16.json"), "utf8"));
  const parquet = join(dir, "mixed-300.parquet");
  await withConnection((c) => c.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(parquet)} (FORMAT parquet)`));
  assertClose(await scoresOf({ path: csv }), expected.csv);
  assertClose(await scoresOf({ path: parquet }), expected.parquet);
});

test("a file scored piece by piece gets exactly the scores of its rows encoded value by value from their text", async () => {
  const { schema, config, infer } = await load(model, { threads: 1 });
  const source = { path: csv };
  const plan = planColumns(await open(source), { ...schema, labels: [] });
  const columns: Record<string, RawColumn> = {};
  for await (const chunk of readChunks(source, { columns: plan.read, text: plan.text })) {
    for (const [name, values] of Object.entries(chunk.columns)) {
      const before = columns[name];
      columns[name] = before === undefined ? values : concat(before, values);
    }
  }
  const reference = await predict(infer, schema, config.tasks, encodeColumns(csv, columns, schema, { labels: false }));
  const { predictions } = await predictSource(infer, schema, config.tasks, source, { labels: false, chunkRows: 64 });
  assert.deepEqual(predictions.scores, reference.scores);
});

function concat(a: RawColumn, b: RawColumn): RawColumn {
  if (a instanceof Float64Array && b instanceof Float64Array) {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  return [...(a as (string | null)[]), ...(b as (string | null)[])];
}
