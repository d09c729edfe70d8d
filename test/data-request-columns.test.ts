import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { encode, encodeColumns } from "../src/data/encode.js";
import { fitSchema } from "../src/data/fit.js";
import { type RequestRow, requestColumns } from "../src/data/request-columns.js";
import type { EncodedData, FittedSchema, Schema } from "../src/data/types.js";

const schema: Schema = {
  sparse: [
    { name: "city", encoding: "vocab" },
    { name: "segment", encoding: "vocab" },
    { name: "item", encoding: "hash", buckets: 11 },
  ],
  dense: [{ name: "price" }],
  labels: [{ name: "click", type: "binary" }],
};

const TRAIN = "city,segment,item,price,click\nParis,1,i1,10,1\nLyon,2,i2,,0\nParis,1,i3,20,0\nNice,3.5,i1,30,1\nLyon,2,i2,5,1\n";

async function fitted(t: { after(fn: () => Promise<void>): void }): Promise<{ fit: FittedSchema; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-request-columns-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "train.csv");
  await writeFile(path, TRAIN);
  return { fit: await fitSchema({ path }, schema), dir };
}

function features(d: EncodedData): { sparse: number[][]; dense: number[] } {
  return { sparse: d.sparse.map((s) => [...s]), dense: [...d.dense] };
}

test("a request's rows encode to the ids and values a CSV file holding the same rows gets (numbers as categories, missing values, unseen ones)", async (t) => {
  const { fit, dir } = await fitted(t);
  const path = join(dir, "score.csv");
  await writeFile(path, "city,segment,item,price\nParis,1,i1,10\nLyon,3.5,i9,\nMarseille,2,,7.5\n,,i2,20\n");
  const fromFile = await encode({ path }, fit, { labels: false });
  const rows: RequestRow[] = [
    { city: "Paris", segment: 1, item: "i1", price: 10 },
    { city: "Lyon", segment: 3.5, item: "i9", price: null },
    { city: "Marseille", segment: "2", price: 7.5 },
    { item: "i2", price: 20 },
  ];
  const { columns } = requestColumns(fit, rows);
  const fromRequest = encodeColumns("candidates", columns, fit, { labels: false });
  assert.deepEqual(features(fromRequest), features(fromFile));
  assert.ok(fromFile.sparse[1]?.every((id) => id >= 0) && (fromFile.sparse[1]?.[1] as number) > 0, "3.5 is in the vocabulary");
});

test("the columns form gives the columns the rows form gives", async (t) => {
  const { fit } = await fitted(t);
  const rows: RequestRow[] = [
    { city: "Paris", segment: 1, item: "i1", price: 10 },
    { city: "Nice", segment: null, item: "i3", price: 3 },
  ];
  const columns = { city: ["Paris", "Nice"], segment: [1, null], item: ["i1", "i3"], price: [10, 3] };
  assert.deepEqual(requestColumns(fit, columns), requestColumns(fit, rows));
});

test("a context field applies to every candidate, and a candidate's own field wins, even when null", async (t) => {
  const { fit } = await fitted(t);
  const { columns } = requestColumns(fit, [{ item: "i1" }, { item: "i2", city: "Lyon" }, { item: "i3", city: null }], {
    city: "Paris",
    price: 4,
  });
  assert.deepEqual(columns.city, ["Paris", "Lyon", null]);
  assert.deepEqual([...(columns.price as Float64Array)], [4, 4, 4]);
  const asColumns = requestColumns(fit, { item: ["i1", "i2"], city: ["Nice", "Lyon"] }, { city: "Paris" });
  assert.deepEqual(asColumns.columns.city, ["Nice", "Lyon"]);
});

test("bad request values are refused naming the field: text for a dense feature, an infinity, an object, columns of unequal length", async (t) => {
  const { fit } = await fitted(t);
  assert.throws(() => requestColumns(fit, [{ price: 1 }, { price: "cheap" }]), {
    code: "BAD_REQUEST",
    field: "candidates[1].price",
    message: 'mtrec: request, field "candidates[1].price": expected a number or null for a dense feature, got "cheap"',
  });
  assert.throws(() => requestColumns(fit, [{ city: "Paris" }], { price: Number.POSITIVE_INFINITY }), {
    message: 'mtrec: request, field "context.price": expected a finite number, got Infinity',
  });
  assert.throws(() => requestColumns(fit, [{ city: { name: "Paris" } as unknown as string }]), {
    message: 'mtrec: request, field "candidates[0].city": expected text, a number or null for a category, got an object',
  });
  assert.throws(() => requestColumns(fit, { city: ["Paris", "Lyon"], price: [1] }), {
    message:
      'mtrec: request, field "candidates.price": has 1 values, but candidates.city has 2; every column needs one value per candidate',
  });
});

test("fields the model does not read are not columns, as a file's other columns are not read", async (t) => {
  const { fit } = await fitted(t);
  const { rows, columns } = requestColumns(fit, [{ city: "Paris", request_id: "r1" }]);
  assert.equal(rows, 1);
  assert.deepEqual(Object.keys(columns).sort(), ["city", "item", "price", "segment"]);
});

test("a category whose values are all numbers or missing stays a column of numbers (NaN where missing); one with text in it becomes text", async (t) => {
  const { fit } = await fitted(t);
  const { columns } = requestColumns(fit, { city: ["Paris", 3], segment: [1, null], item: [null, null], price: [1, 2] }, { item: 4 });
  assert.deepEqual(columns.city, ["Paris", "3"]);
  assert.deepEqual([...(columns.segment as Float64Array)], [1, Number.NaN]);
  assert.deepEqual([...(columns.item as Float64Array)], [Number.NaN, Number.NaN], "a candidate's own null wins over the context");
  assert.throws(() => requestColumns(fit, { segment: [1, Number.NaN] }), {
    message: 'mtrec: request, field "candidates.segment[1]": expected a finite number or text for a category, got NaN',
  });
});
