import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { describeSchema } from "../src/data/describe-schema.js";
import { sqlString, withConnection } from "../src/data/duckdb.js";
import { inferSchema, inferSchemaExplained } from "../src/data/infer-schema.js";
import { MtrecError } from "../src/errors.js";

let dir = "";
/** 1,000 rows: "price" numbers but for "abc" (line 18) and "n/a" (line 502); "click" 0/1 but for a 2 (line 89). */
let path = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-schema-strays-"));
  path = join(dir, "log.csv");
  const lines = ["row_id,session,price,click,minutes,city,amount"];
  for (let i = 0; i < 1000; i++) {
    const price = i === 16 ? "abc" : i === 500 ? "n/a" : (i * 0.7).toFixed(1);
    // "city" is text with a few numbers: a category either way
    const city = i % 250 === 7 ? "0" : ["Paris", "Lyon", "Nice"][i % 3];
    lines.push([i, `s-${i * 7919}`, price, i === 87 ? 2 : i % 2, ((i * 1.37) % 17).toFixed(2), city, (i * 3.1).toFixed(1)].join(","));
  }
  await writeFile(path, `${lines.join("\n")}\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

const refusal = (pattern: RegExp) => (err: unknown) => err instanceof MtrecError && err.code === "BAD_DATA" && pattern.test(err.message);

test("one text value among a column's numbers is refused, naming the file, line, column and value, and the flags that state its type", async () => {
  await assert.rejects(
    inferSchema({ path }, ["minutes"], { positive: {}, regression: [] }),
    refusal(
      /log\.csv, line 18, column "price": "abc" is not a number, but 998 of the column's 1,000 values are \(under 1 % are not; also line 502: "n\/a"\).*--dense price.*--sparse price/,
    ),
  );
});

test("a column stated dense or sparse is read as stated, strays and all", async () => {
  const asNumber = await inferSchema({ path }, ["minutes"], { dense: ["price"] });
  assert.ok(asNumber.dense.some((f) => f.name === "price"));
  const asCategory = await inferSchema({ path }, ["minutes"], { sparse: ["price"] });
  assert.ok(asCategory.sparse.some((f) => f.name === "price"));
  assert.ok(!asCategory.dense.some((f) => f.name === "price"));
});

test("text with a few numbers among it stays a text column, without a refusal", async () => {
  const schema = await inferSchema({ path }, ["minutes"], { dense: ["price"] });
  assert.ok(schema.sparse.some((f) => f.name === "city"));
});

test("one value other than 0 and 1 in a 0/1 label is refused, not turned into a regression", async () => {
  await assert.rejects(
    inferSchema({ path }, ["click"], { dense: ["price"] }),
    refusal(
      /log\.csv, line 89, column "click": 2 is neither 0 nor 1, but 999 of its 1,000 values are.*--positive click=1.*--regression click/,
    ),
  );
});

test("a label stated regression is one, however nearly 0/1 it is; one given a positive value is binary", async () => {
  const stated = await inferSchema({ path }, ["click"], { dense: ["price"], regression: ["click"] });
  assert.deepEqual(stated.labels, [{ name: "click", type: "regression" }]);
  const positive = await inferSchema({ path }, ["click"], { dense: ["price"], positive: { click: "1" } });
  assert.deepEqual(positive.labels, [{ name: "click", type: "binary", positive: "1" }]);
});

test("a continuous label stays a regression, and so does one with 1 % or more values besides 0 and 1", async () => {
  const schema = await inferSchema({ path }, ["minutes"], { dense: ["price"] });
  assert.deepEqual(schema.labels, [{ name: "minutes", type: "regression" }]);
  const counts = join(dir, "counts.csv");
  const lines = ["x,purchases"];
  for (let i = 0; i < 1000; i++) lines.push(`${i % 7},${i % 50 === 0 ? 2 : i % 2}`); // 2 % are 2
  await writeFile(counts, `${lines.join("\n")}\n`);
  assert.deepEqual((await inferSchema({ path: counts }, ["purchases"])).labels, [{ name: "purchases", type: "regression" }]);
});

test("a stray in a Parquet file is named by its row", async () => {
  const parquet = join(dir, "log.parquet");
  await withConnection((c) =>
    c.run(`COPY (SELECT * FROM read_csv(${sqlString(path)}, all_varchar=true)) TO ${sqlString(parquet)} (FORMAT parquet)`),
  );
  await assert.rejects(inferSchema({ path: parquet }, ["minutes"]), refusal(/log\.parquet, row 17, column "price": "abc"/));
});

test("a would-be vocabulary with a value per row is not an input, and the printed schema says why", async () => {
  const { schema, omitted } = await inferSchemaExplained({ path }, ["minutes"], { dense: ["price"], exclude: ["click"] });
  const inputs = [...schema.sparse, ...schema.dense].map((f) => f.name);
  assert.ok(!inputs.includes("row_id") && !inputs.includes("session"), inputs.join(","));
  // a quantity with a value per row is a number like any other
  assert.ok(schema.dense.some((f) => f.name === "amount"));
  assert.deepEqual(omitted.map((o) => o.column).sort(), ["row_id", "session"]);
  const printed = describeSchema(schema, omitted);
  assert.match(printed, /\nnot an input: "row_id": 1,000 distinct values in 1,000 rows: an id of the row.*--sparse row_id/);
});

test("a column with a value per row stated sparse is an input", async () => {
  const { schema, omitted } = await inferSchemaExplained({ path }, ["minutes"], {
    dense: ["price"],
    sparse: ["row_id"],
    exclude: ["click"],
  });
  assert.ok(schema.sparse.some((f) => f.name === "row_id"));
  assert.deepEqual(
    omitted.map((o) => o.column),
    ["session"],
  );
});

test("a type stated for a label, or a regression stated for a column that is not a label, is refused", async () => {
  await assert.rejects(inferSchema({ path }, ["minutes"], { sparse: ["minutes"] }), /"minutes" is stated sparse, but it is a label/);
  await assert.rejects(
    inferSchema({ path }, ["minutes"], { regression: ["price"] }),
    /"price" is stated regression, but it is not one of the labels/,
  );
  await assert.rejects(inferSchema({ path }, ["minutes"], { sparse: ["price"], dense: ["price"] }), /stated both sparse and dense/);
});

test("in a larger file a stray far past the first rows is still found, and a row id still left out", async () => {
  const big = join(dir, "big.csv");
  const lines = ["row_id,user_id,price,click"];
  for (let i = 0; i < 20_000; i++) lines.push([i, i % 700, i === 17_000 ? "abc" : (i % 91) * 1.5, i % 2].join(","));
  await writeFile(big, `${lines.join("\n")}\n`);
  await assert.rejects(inferSchema({ path: big }, ["click"]), refusal(/big\.csv, line 17,002, column "price": "abc" is not a number/));
  const { schema, omitted } = await inferSchemaExplained({ path: big }, ["click"], { dense: ["price"] });
  assert.deepEqual(
    omitted.map((o) => o.column),
    ["row_id"],
  );
  assert.ok(schema.sparse.some((f) => f.name === "user_id"));
});

test("a column of numbers with too many text values to be strays is a category, reported as mostly numbers; text ids are not", async () => {
  const mixed = join(dir, "mixed.csv");
  const lines = ["minutes,watch,user"];
  // 1 value in 40 is "abc": 2.5 %, too many to be strays
  for (let i = 0; i < 400; i++) lines.push([(i % 7) + 0.5, i % 40 === 3 ? "abc" : (i * 1.3).toFixed(1), `u${i % 9}`].join(","));
  await writeFile(mixed, `${lines.join("\n")}\n`);
  const { schema, mostlyNumbers } = await inferSchemaExplained({ path: mixed }, ["minutes"]);
  assert.ok(schema.sparse.some((f) => f.name === "watch"));
  assert.deepEqual(mostlyNumbers, [{ column: "watch", share: 0.975 }]);
  // stated, it is what it was said to be, and no news
  assert.deepEqual((await inferSchemaExplained({ path: mixed }, ["minutes"], { sparse: ["watch"] })).mostlyNumbers, []);
});
