import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { withConnection } from "../src/data/duckdb.js";
import { describeColumns, type RawChunk, readChunks } from "../src/data/reader.js";
import { formatOf } from "../src/data/source.js";
import type { DataSource } from "../src/data/types.js";
import { ADULT_500, ADULT_COLUMNS, BYTEREC_COLUMNS, fixture } from "./helpers/datasets.js";

async function readAll(source: DataSource, opts?: Parameters<typeof readChunks>[1]): Promise<RawChunk[]> {
  const chunks: RawChunk[] = [];
  for await (const chunk of readChunks(source, opts)) chunks.push(chunk);
  return chunks;
}

/** A numeric column of a chunk, as a plain array. */
function numbers(chunk: RawChunk | undefined, name: string): number[] {
  const column = chunk?.columns[name];
  assert.ok(column instanceof Float64Array, `column ${name} is not numeric`);
  return [...column];
}

let dir = "";
let csv = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-data-reader-"));
  csv = join(dir, "small.csv");
  await writeFile(csv, "id,city,price,clicked\n1,Paris,2.5,1\n2,Lyon,,0\n3,Paris,4,1\n");
  await withConnection(async (c) => {
    await c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${join(dir, "small.parquet")}' (FORMAT parquet)`);
    await c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${join(dir, "small.jsonl")}' (FORMAT json)`);
  });
});
after(() => rm(dir, { recursive: true, force: true }));

test("the format follows the extension, and unknown extensions read as CSV", () => {
  assert.equal(formatOf({ path: "a.tsv" }), "tsv");
  assert.equal(formatOf({ path: "a.txt" }), "tsv");
  assert.equal(formatOf({ path: "a.PARQUET" }), "parquet");
  assert.equal(formatOf({ path: "a.ndjson" }), "jsonl");
  assert.equal(formatOf({ path: "a.json" }), "jsonl");
  assert.equal(formatOf({ path: "adult.data" }), "csv");
  assert.equal(formatOf({ path: "a.txt", format: "csv" }), "csv");
});

test("a CSV with a header is detected as such and read with its column names", async () => {
  const source = { path: fixture("ali_ccp_train_sample.csv") };
  const columns = await describeColumns(source);
  assert.deepEqual(
    columns.slice(0, 3).map((c) => c.name),
    ["click", "purchase", "101"],
  );
  assert.equal(columns.find((c) => c.name === "D109_14")?.type, "float");
  assert.equal(columns.find((c) => c.name === "click")?.type, "integer");
  const chunks = await readAll(source);
  assert.equal(
    chunks.reduce((n, c) => n + c.rows, 0),
    100,
  );
  assert.equal(numbers(chunks[0], "D109_14")[0], 0.4734);
});

test("a header-less TSV is read with the column names given", async () => {
  const source = { path: fixture("byterec_sample.txt"), columns: BYTEREC_COLUMNS };
  const [chunk] = await readAll(source);
  assert.equal(chunk?.rows, 200);
  assert.deepEqual(Object.keys(chunk?.columns ?? {}), BYTEREC_COLUMNS);
  // the first line: 37448 115 567569 44888 42 0 0 0 1699 43981 53085738314 9
  assert.equal(numbers(chunk, "uid")[0], 37448);
  assert.equal(numbers(chunk, "time")[0], 53085738314);
  assert.equal(numbers(chunk, "duration_time")[0], 9);
});

test("UCI Adult (comma and space, no header) reads with the spaces stripped from its text values", async () => {
  const source = { path: fixture(ADULT_500), columns: ADULT_COLUMNS };
  let rows = 0;
  let rich = 0;
  for await (const chunk of readChunks(source, { columns: ["age", "workclass", "income"] })) {
    const income = chunk.columns.income as (string | null)[];
    if (chunk.offset === 0) {
      assert.equal((chunk.columns.age as Float64Array)[0], 39);
      assert.equal((chunk.columns.workclass as string[])[0], "State-gov");
    }
    for (let i = 0; i < chunk.rows; i++) {
      assert.ok(income[i] === ">50K" || income[i] === "<=50K", `row ${chunk.offset + i}: ${income[i]}`);
      rich += income[i] === ">50K" ? 1 : 0;
    }
    rows += chunk.rows;
  }
  // counted with awk on the fixture: 500 rows, 113 of them ">50K"
  assert.equal(rows, 500);
  assert.equal(rich, 113);
});

test("chunks hold batchRows rows each and their offsets count every row once", async () => {
  const chunks = await readAll({ path: fixture(ADULT_500), columns: ADULT_COLUMNS }, { batchRows: 200, columns: ["age"] });
  assert.deepEqual(
    chunks.map((c) => [c.offset, c.rows]),
    [
      [0, 200],
      [200, 200],
      [400, 100],
    ],
  );
  assert.deepEqual(Object.keys(chunks[0]?.columns ?? {}), ["age"]);
});

test("Parquet and JSON lines give the same rows as the CSV they were made from", async () => {
  const expected = await readAll({ path: csv });
  for (const file of ["small.parquet", "small.jsonl"]) {
    const [chunk] = await readAll({ path: join(dir, file) });
    assert.equal(chunk?.rows, 3, file);
    assert.deepEqual(chunk?.columns.city, expected[0]?.columns.city, file);
    assert.deepEqual(numbers(chunk, "price"), numbers(expected[0], "price"), file);
  }
  assert.deepEqual(numbers(expected[0], "price"), [2.5, Number.NaN, 4]);
});

test("describeColumns reports text, integer, float and boolean columns", async () => {
  const path = join(dir, "types.jsonl");
  await writeFile(path, '{"a":1,"b":"x","c":true,"d":1.5}\n{"a":2,"b":null,"c":false,"d":null}\n');
  assert.deepEqual(await describeColumns({ path }), [
    { name: "a", type: "integer" },
    { name: "b", type: "string" },
    { name: "c", type: "boolean" },
    { name: "d", type: "float" },
  ]);
  const [chunk] = await readAll({ path });
  assert.deepEqual(numbers(chunk, "c"), [1, 0]);
  assert.deepEqual(chunk?.columns.b, ["x", null]);
});

test("a column asked for as text arrives as text, and a custom delimiter is honoured", async () => {
  const path = join(dir, "semicolon.csv");
  await writeFile(path, "user;score\n007;1.5\n42;2\n");
  const [chunk] = await readAll({ path, delimiter: ";" }, { text: ["user"] });
  assert.deepEqual(chunk?.columns.user, ["007", "42"]);
  assert.deepEqual(numbers(chunk, "score"), [1.5, 2]);
});

test("quoted fields may hold the delimiter and newlines", async () => {
  const path = join(dir, "quoted.csv");
  await writeFile(path, 'name,note\n"Smith, J","line one\nline two"\nDoe,plain\n');
  const [chunk] = await readAll({ path, header: true });
  assert.deepEqual(chunk?.columns.name, ["Smith, J", "Doe"]);
  assert.deepEqual(chunk?.columns.note, ["line one\nline two", "plain"]);
});
