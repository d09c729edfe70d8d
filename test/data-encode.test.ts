import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { encode, encodeChunks } from "../src/data/encode.js";
import { fitSchema } from "../src/data/fit.js";
import { fnv1a32, hashBucket } from "../src/data/hash.js";
import { inferSchema } from "../src/data/infer-schema.js";
import type { EncodedData, Schema } from "../src/data/types.js";
import { ADULT_500, ADULT_COLUMNS, fixture } from "./helpers/datasets.js";

const ADULT = {
  path: fixture(ADULT_500),
  columns: ADULT_COLUMNS,
};

let dir = "";
let train = "";
const schema: Schema = {
  sparse: [
    { name: "city", encoding: "vocab", minCount: 2 },
    { name: "item", encoding: "hash", buckets: 7 },
  ],
  dense: [{ name: "price" }],
  labels: [{ name: "click", type: "binary" }],
  group: { column: "user" },
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-data-encode-"));
  train = join(dir, "train.csv");
  // Paris 3 times, Lyon 2, Nice once; two prices missing
  await writeFile(
    train,
    "user,city,item,price,click\nu1,Paris,i1,10,1\nu2,Lyon,i2,,0\nu1,Paris,i3,20,0\nu3,Nice,i1,30,1\nu2,Lyon,i2,,1\nu3,Paris,i9,40,0\n",
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("values seen fewer than minCount times share row 0, the rest are ordered by count", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  assert.deepEqual(fitted.vocabularies[0], ["Paris", "Lyon"]);
  assert.equal(fitted.cardinalities[0], 3);
  const data = await encode({ path: train }, fitted);
  assert.deepEqual([...(data.sparse[0] as Int32Array)], [1, 2, 1, 0, 2, 1]);
});

test("vocabulary ties are broken by value, so the order does not depend on the rows' order", async () => {
  const path = join(dir, "ties.csv");
  await writeFile(path, "city,click\nb,1\na,0\nb,0\na,1\nc,0\n");
  const fitted = await fitSchema(
    { path },
    { sparse: [{ name: "city", encoding: "vocab" }], dense: [], labels: [{ name: "click", type: "binary" }] },
  );
  assert.deepEqual(fitted.vocabularies[0], ["a", "b", "c"]);
});

test("a value never seen in training encodes to row 0", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  const path = join(dir, "new-city.csv");
  await writeFile(path, "user,city,item,price,click\nu9,Paris,i1,10,1\nu9,Marseille,i1,10,0\n");
  const data = await encode({ path }, fitted);
  assert.deepEqual([...(data.sparse[0] as Int32Array)], [1, 0]);
});

test("FNV-1a matches its published test vectors and hashes the UTF-8 bytes", () => {
  assert.equal(fnv1a32(""), 0x811c9dc5);
  assert.equal(fnv1a32("a"), 0xe40c292c);
  assert.equal(fnv1a32("foobar"), 0xbf9cf968);
  const bytewise = (text: string) => new TextEncoder().encode(text).reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
  for (const text of ["Zürich", "東京", "emoji 🎈", "\ud800 lone"]) assert.equal(fnv1a32(text), bytewise(text), text);
});

test("hashed features land in [0, buckets) at the row their text's hash gives", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  assert.equal(fitted.vocabularies[1], null);
  assert.equal(fitted.cardinalities[1], 7);
  const data = await encode({ path: train }, fitted);
  const items = ["i1", "i2", "i3", "i1", "i2", "i9"];
  assert.deepEqual(
    [...(data.sparse[1] as Int32Array)],
    items.map((i) => hashBucket(i, 7)),
  );
});

test("dense values are standardised with the training mean and std, and missing ones counted and set to 0", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  const [stats] = fitted.denseStats;
  assert.equal(stats?.missing, 2);
  assert.equal(stats?.mean, 25);
  assert.ok(Math.abs((stats?.std as number) - Math.sqrt(125)) < 1e-12);
  const data = await encode({ path: train }, fitted);
  const expected = [10, Number.NaN, 20, 30, Number.NaN, 40].map((v) => (Number.isNaN(v) ? 0 : (v - 25) / Math.sqrt(125)));
  for (const [i, v] of data.dense.entries()) assert.ok(Math.abs(v - (expected[i] as number)) < 1e-6, `row ${i}: ${v}`);
});

test("on UCI Adult every standardised dense column has mean 0 and standard deviation 1", async () => {
  const fitted = await fitSchema(ADULT, await inferSchema(ADULT, ["income"], { positive: { income: ">50K" } }));
  const data = await encode(ADULT, fitted);
  const width = fitted.dense.length;
  // in the 500-row fixture only age (61 values) and fnlwgt (498) exceed the 50 values of a sparse integer
  assert.deepEqual(
    fitted.dense.map((f) => f.name),
    ["age", "fnlwgt"],
  );
  for (let f = 0; f < width; f++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < data.rows; r++) {
      const v = data.dense[r * width + f] as number;
      sum += v;
      squares += v * v;
    }
    const mean = sum / data.rows;
    assert.ok(Math.abs(mean) < 1e-4, `${fitted.dense[f]?.name}: mean ${mean}`);
    assert.ok(Math.abs(Math.sqrt(squares / data.rows - mean * mean) - 1) < 1e-4, fitted.dense[f]?.name);
  }
});

test("the Adult fixture's labels encode to the rates counted on its text: 113 of 500 >50K, 167 Never-married", async () => {
  const schema = await inferSchema(ADULT, ["income", "marital-status"], {
    positive: { income: ">50K", "marital-status": "Never-married" },
  });
  const data = await encode(ADULT, await fitSchema(ADULT, schema));
  const count = (t: number) => (data.labels[t] as Float32Array).reduce((a, b) => a + b, 0);
  assert.equal(data.rows, 500);
  assert.equal(count(0), 113);
  assert.equal(count(1), 167);
});

test("group values become dense integers in order of first appearance, kept columns stay text", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  const data = await encode({ path: train }, fitted, { keep: ["user", "item"] });
  assert.deepEqual([...(data.group as Int32Array)], [0, 1, 0, 2, 1, 2]);
  assert.deepEqual(data.keep?.item, ["i1", "i2", "i3", "i1", "i2", "i9"]);
  assert.deepEqual([...(data.labels[0] as Float32Array)], [1, 0, 0, 1, 1, 0]);
});

test("encoding in chunks gives the same rows as encoding the whole file", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  const whole = await encode({ path: train }, fitted);
  const pieces: EncodedData[] = [];
  for await (const piece of encodeChunks({ path: train }, fitted, 4)) pieces.push(piece);
  assert.deepEqual(
    pieces.map((p) => p.rows),
    [4, 2],
  );
  const joined = (pick: (d: EncodedData) => ArrayLike<number>) => pieces.flatMap((p) => [...Array.from(pick(p))]);
  assert.deepEqual(
    joined((d) => d.sparse[0] as Int32Array),
    [...(whole.sparse[0] as Int32Array)],
  );
  assert.deepEqual(
    joined((d) => d.dense),
    [...whole.dense],
  );
  assert.deepEqual(
    joined((d) => d.group as Int32Array),
    [...(whole.group as Int32Array)],
  );
});

test("data to score needs no label columns when labels are not asked for", async () => {
  const fitted = await fitSchema({ path: train }, schema);
  const path = join(dir, "score.csv");
  await writeFile(path, "user,city,item,price\nu1,Lyon,i2,25\n");
  const data = await encode({ path }, fitted, { labels: false });
  assert.deepEqual(data.labels, []);
  assert.deepEqual([...(data.sparse[0] as Int32Array)], [2]);
  assert.equal(data.dense[0], 0);
});
