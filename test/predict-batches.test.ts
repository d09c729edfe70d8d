import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeColumns } from "../src/data/encode.js";
import { requestColumns } from "../src/data/request-columns.js";
import { predict } from "../src/train/evaluate.js";
import { load } from "../src/train/load.js";
import { requestRow, servedRows, trainServedModel } from "./helpers/serve-model.js";

test("scoring in batches smaller than the data (views into the encoded columns) gives each row the score of one whole batch", async (t) => {
  const fixture = await trainServedModel();
  t.after(fixture.cleanup);
  const model = await load(fixture.model, { threads: 1 });
  const schema = { ...model.schema, group: undefined };
  const data = encodeColumns("rows", requestColumns(schema, servedRows(37, 4).map(requestRow)).columns, schema, { labels: false });
  const whole = await predict(model.infer, model.schema, model.tasks, data);
  const pieces = await predict(model.infer, model.schema, model.tasks, data, 8);
  for (const task of ["click", "purchase"]) {
    const a = whole.scores[task] as Float32Array;
    const b = pieces.scores[task] as Float32Array;
    assert.equal(b.length, 37);
    a.forEach((v, i) => {
      assert.ok(Math.abs(v - (b[i] as number)) <= 1e-6, `${task}, row ${i}: ${v} against ${b[i]}`);
    });
    assert.ok(new Set(a).size > 8, "rows score differently, so a batch reading the wrong rows would show");
  }
});
