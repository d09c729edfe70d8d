import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { describeSchema } from "../src/data/describe-schema.js";
import { inferSchema } from "../src/data/infer-schema.js";
import { checkSchema, schemaConfig } from "../src/data/schema-config.js";
import type { Schema } from "../src/data/types.js";
import { MtrecError } from "../src/errors.js";
import { BYTEREC_COLUMNS, fixture } from "./helpers/datasets.js";

let dir = "";
let path = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-data-schema-"));
  path = join(dir, "log.csv");
  const lines = ["row_id,user_id,city,age,stars,income_k,is_member,session,truth_ctr,purchase,minutes"];
  for (let i = 0; i < 200; i++) {
    const fields = [
      i,
      1000 + i,
      ["Paris", "Lyon", "Nice"][i % 3],
      18 + (i % 63),
      1 + (i % 5),
      (20 + i * 0.37).toFixed(2),
      i % 4 === 0,
      `s${i % 17}`,
      (i % 10) / 10,
      i % 2,
      (i * 1.7) % 30,
    ];
    lines.push(fields.join(","));
  }
  await writeFile(path, `${lines.join("\n")}\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

test("labels, the group, excluded and truth_* columns are never inputs", async () => {
  const schema = await inferSchema({ path }, ["purchase", "minutes"], { group: "session", exclude: ["row_id"] });
  const inputs = [...schema.sparse.map((f) => f.name), ...schema.dense.map((f) => f.name)];
  for (const kept of ["purchase", "minutes", "session", "row_id", "truth_ctr"]) assert.ok(!inputs.includes(kept), `${kept} is an input`);
  assert.deepEqual(schema.group, { column: "session" });
});

test("text, booleans, few-valued integers and integer ids are sparse; other numbers dense", async () => {
  const schema = await inferSchema({ path }, ["purchase", "minutes"], { group: "session", exclude: ["row_id"] });
  assert.deepEqual(
    schema.sparse.map((f) => f.name),
    ["user_id", "city", "stars", "is_member"],
  );
  assert.ok(schema.sparse.every((f) => f.encoding === "vocab" && f.minCount === 1));
  assert.deepEqual(
    schema.dense.map((f) => f.name),
    ["age", "income_k"],
  );
});

test("an integer column of 50 values spread over a wide range is sparse, and one of 51 dense, however narrow or wide its range", async () => {
  const wide = join(dir, "wide.csv");
  const lines = ["price_50,price_51,level_51,click"];
  for (let i = 0; i < 510; i++) lines.push([1000 * (i % 50), 1000 * (i % 51), i % 51, i % 2].join(","));
  await writeFile(wide, `${lines.join("\n")}\n`);
  const schema = await inferSchema({ path: wide }, ["click"]);
  assert.deepEqual(
    schema.sparse.map((f) => f.name),
    ["price_50"],
  );
  assert.deepEqual(
    schema.dense.map((f) => f.name),
    ["price_51", "level_51"],
  );
});

test("a 0/1 label is binary and a real-valued one regression", async () => {
  const schema = await inferSchema({ path }, ["purchase", "minutes"]);
  assert.deepEqual(schema.labels, [
    { name: "purchase", type: "binary" },
    { name: "minutes", type: "regression" },
  ]);
});

test("a label given a positive value is binary with it", async () => {
  const schema = await inferSchema({ path }, ["city"], { positive: { city: "Paris" } });
  assert.deepEqual(schema.labels, [{ name: "city", type: "binary", positive: "Paris" }]);
});

test("the short-video log's ids are sparse and its finish and like labels binary", async () => {
  const columns = BYTEREC_COLUMNS;
  const schema = await inferSchema({ path: fixture("byterec_sample.txt"), columns }, ["finish", "like"]);
  const sparse = schema.sparse.map((f) => f.name);
  for (const id of ["uid", "item_id", "author_id", "music_id", "channel"]) assert.ok(sparse.includes(id), id);
  assert.ok(schema.dense.some((f) => f.name === "time"));
  assert.deepEqual(
    schema.labels.map((l) => l.type),
    ["binary", "binary"],
  );
});

test("Ali-CCP's float D* columns are dense, its few-valued field 101 sparse, click and purchase binary", async () => {
  const schema = await inferSchema({ path: fixture("ali_ccp_train_sample.csv") }, ["click", "purchase"]);
  const dense = schema.dense.map((f) => f.name);
  for (const d of ["D109_14", "D110_14", "D127_14", "D150_14", "D508", "D509", "D702", "D853"]) assert.ok(dense.includes(d), d);
  assert.ok(schema.sparse.some((f) => f.name === "101"));
  assert.deepEqual(
    schema.labels.map((l) => l.type),
    ["binary", "binary"],
  );
});

test("describeSchema prints JSON that validates back into the same schema", async () => {
  const schema = await inferSchema({ path }, ["purchase", "minutes"], { group: "session", exclude: ["row_id"] });
  const text = describeSchema(schema);
  assert.match(text, /\n {4}\{"name":"city","encoding":"vocab","minCount":1\},\n/);
  assert.deepEqual(checkSchema(JSON.parse(text)), schema);
});

test("a schema error names the path of the bad field", () => {
  const bad = {
    sparse: [
      { name: "city", encoding: "vocab" },
      { name: "item", encoding: "hash", buckets: 0 },
    ],
    labels: [],
  };
  assert.throws(
    () => checkSchema(bad, "config.json: schema"),
    (err: unknown) =>
      err instanceof MtrecError &&
      err.code === "BAD_CONFIG" &&
      /^mtrec: config\.json: schema: field sparse\[1\]\.buckets: /.test(err.message),
  );
  assert.equal(schemaConfig.safeParse({ sparse: [{ name: "x", encoding: "lookup" }], labels: [] }).success, false);
});

test("two features of one name and truth_* inputs are refused", () => {
  const twice: Schema = { sparse: [{ name: "city", encoding: "vocab" }], dense: [{ name: "city" }], labels: [] };
  assert.throws(() => checkSchema(twice), /field dense\[0\]\.name: "city" is already the name of sparse\[0\]/);
  const truth: Schema = { sparse: [], dense: [{ name: "ctr", column: "truth_ctr" }], labels: [] };
  assert.throws(() => checkSchema(truth), /field dense\[0\]\.name: "truth_ctr" holds ground truth/);
});
