import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { withConnection } from "../src/data/duckdb.js";
import { encode } from "../src/data/encode.js";
import { fitSchema } from "../src/data/fit.js";
import { inferSchema } from "../src/data/infer-schema.js";
import { describeColumns, readChunks } from "../src/data/reader.js";
import type { DataSource, Schema } from "../src/data/types.js";
import { MtrecError } from "../src/errors.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-data-errors-"));
});
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Asserts `work` fails with `code` and a message matching every pattern. */
async function rejects(work: () => Promise<unknown>, code: string, ...patterns: RegExp[]): Promise<string> {
  try {
    await work();
  } catch (err) {
    assert.ok(err instanceof MtrecError, `expected an MtrecError, got ${err}`);
    assert.equal(err.code, code, err.message);
    for (const p of patterns) assert.match(err.message, p);
    return err.message;
  }
  assert.fail("expected an error");
}

const clicks: Schema = {
  sparse: [{ name: "city", encoding: "vocab" }],
  dense: [{ name: "price" }],
  labels: [{ name: "purchase", type: "binary" }],
};

const drain = async (source: DataSource) => {
  for await (const _ of readChunks(source));
};

test("a missing file is named", async () => {
  const path = join(dir, "nope.csv");
  await rejects(() => describeColumns({ path }), "BAD_DATA", /nope\.csv: no such file/);
  await rejects(() => fitSchema({ path }, clicks), "BAD_DATA", /nope\.csv: no such file/);
});

test("an empty file is named, and a header without rows has nothing to fit", async () => {
  await rejects(async () => drain({ path: await file("empty.csv", "") }), "BAD_DATA", /empty\.csv: the file is empty/);
  const headerOnly = await file("header-only.csv", "city,price,purchase\n");
  await rejects(() => fitSchema({ path: headerOnly }, clicks), "BAD_DATA", /header-only\.csv: no data rows/);
});

test("a columns list of the wrong length says how many fields the file has", async () => {
  const path = await file("three.csv", "1,2,3\n4,5,6\n");
  await rejects(
    () => describeColumns({ path, columns: ["a", "b"] }),
    "BAD_DATA",
    /three\.csv: "columns" names 2 columns but the file has 3 fields/,
  );
});

test("a column the schema needs but the file lacks is named with the columns the file has", async () => {
  const path = await file("no-purchase.csv", "city,price,click\nParis,1,0\n");
  await rejects(
    () => fitSchema({ path }, clicks),
    "BAD_DATA",
    /no-purchase\.csv: no column "purchase" \(label of task "purchase"\); the file has columns: city, price, click/,
  );
});

test("a binary label that is not 0 or 1 names file, line and column, and says to fix the row or train with --positive", async () => {
  const path = await file("yes.csv", "city,price,purchase\nParis,1,0\nLyon,2,1\nNice,3,yes\n");
  // data row 3 is line 4 of the file: the header is line 1
  await rejects(
    () => fitSchema({ path }, clicks),
    "BAD_DATA",
    /yes\.csv, line 4, column "purchase": expected 0 or 1, got "yes"\. Fix that row; or, if the file writes its labels as text \(yes\/no\), give the value that means 1 when training: --positive <task>=<value>/,
  );
  await rejects(
    () => encode({ path }, { ...clicks, vocabularies: [[]], cardinalities: [1], denseStats: [{ mean: 0, std: 1, missing: 0 }], rows: 1 }),
    "BAD_DATA",
    /line 4, column "purchase"/,
  );
});

test("in a header-less file the line is the data row; in Parquet it is the row", async () => {
  const path = await file("bare.csv", "Paris,1,0\nLyon,2,1\nNice,3,2\n");
  const source = { path, columns: ["city", "price", "purchase"] };
  await rejects(() => fitSchema(source, clicks), "BAD_DATA", /bare\.csv, line 3, column "purchase": expected 0 or 1, got 2/);
  const parquet = join(dir, "bare.parquet");
  await withConnection((c) =>
    c.run(`COPY (SELECT * FROM read_csv('${path}', names=['city','price','purchase'])) TO '${parquet}' (FORMAT parquet)`),
  );
  await rejects(() => fitSchema({ path: parquet }, clicks), "BAD_DATA", /bare\.parquet, row 3, column "purchase"/);
});

test("text in a regression label is an error at its line", async () => {
  const path = await file("minutes.jsonl", '{"city":"Paris","price":1,"minutes":3.5}\n{"city":"Lyon","price":2,"minutes":"long"}\n');
  const schema: Schema = { ...clicks, labels: [{ name: "minutes", type: "regression" }] };
  await rejects(() => fitSchema({ path }, schema), "BAD_DATA", /minutes\.jsonl, line 2, column "minutes": expected a number, got "long"/);
});

test("text in a dense column is NaN where a number is required", async () => {
  const path = await file("price.csv", "city,price,purchase\nParis,1,0\nLyon,cheap,1\n");
  await rejects(
    () => fitSchema({ path }, clicks),
    "BAD_DATA",
    /price\.csv, line 3, column "price": expected a number, got "cheap".*NaN where a number is required/,
  );
});

test("a missing label is an error, not a zero", async () => {
  const path = await file("gap.csv", "city,price,purchase\nParis,1,0\nLyon,2,\n");
  await rejects(() => fitSchema({ path }, clicks), "BAD_DATA", /gap\.csv, line 3, column "purchase": the label is missing/);
});

test("a bad value past the rows DuckDB samples for types is still reported at its line", async () => {
  const rows = Array.from({ length: 300_000 }, (_, i) => `c${i % 7},${i % 13},${i % 2}`);
  rows.push("c1,oops,1");
  const path = await file("late.csv", `city,price,purchase\n${rows.join("\n")}\n`);
  await rejects(() => fitSchema({ path }, clicks), "BAD_DATA", /late\.csv, line 300,002, column "price": expected a number, got "oops"/);
});

test("a positive value that never occurs lists the values that do", async () => {
  const path = await file("income.csv", "city,price,income\nParis,1,<=50K\nLyon,2,>50K\n");
  const schema: Schema = { ...clicks, labels: [{ name: "income", type: "binary", positive: ">50k" }] };
  await rejects(
    () => fitSchema({ path }, schema),
    "BAD_DATA",
    /income\.csv, column "income": the positive value ">50k" of task "income" never occurs; .*"<=50K" \(1\)/,
  );
});

test("a label with two text values asks which one is positive", async () => {
  const path = await file("two.csv", "city,income\nParis,<=50K\nLyon,>50K\nNice,<=50K\n");
  await rejects(
    () => inferSchema({ path }, ["income"]),
    "BAD_CONFIG",
    /two\.csv, column "income": .*two values, ">50K" and "<=50K".*--positive income=>50K, in a config "positive": \{ "income": ">50K" \}/,
  );
});

test("a line with a field too many is reported at its line, within the sampled rows and past them", async () => {
  const early = await file("ragged.csv", "a,b\n1,2\n3,4,5\n6,7\n");
  await rejects(
    () => drain({ path: early, header: true, delimiter: "," }),
    "BAD_DATA",
    /ragged\.csv, line 3: 3 fields where the header has 2\. Check the delimiter and quoting of that line/,
  );
  const rows = Array.from({ length: 300_000 }, (_, i) => `${i},${i % 7}`);
  rows.push("5,3,9");
  const late = await file("ragged-late.csv", `a,b\n${rows.join("\n")}\n`);
  await rejects(() => drain({ path: late }), "BAD_DATA", /ragged-late\.csv, line 300,002: 3 fields where the header has 2/);
});

test("columns for a Parquet file are refused: it names its own", async () => {
  const parquet = join(dir, "named.parquet");
  await withConnection((c) => c.run(`COPY (SELECT 1 AS a) TO '${parquet}' (FORMAT parquet)`));
  await rejects(
    () => describeColumns({ path: parquet, columns: ["x"] }),
    "BAD_CONFIG",
    /named\.parquet: "columns" names the fields of a header-less CSV\/TSV file/,
  );
});

test("a schema that feeds a label in as an input is refused before reading", async () => {
  const path = await file("leak.csv", "city,purchase\nParis,1\n");
  const leak: Schema = { sparse: [{ name: "purchase", encoding: "vocab" }], dense: [], labels: [{ name: "purchase", type: "binary" }] };
  await rejects(
    () => fitSchema({ path }, leak),
    "BAD_CONFIG",
    /field sparse\[0\]\.name: column "purchase" is the label of task "purchase"/,
  );
});
