import assert from "node:assert/strict";
import { test } from "node:test";
import { splitIndices, take } from "../src/data/split.js";
import type { EncodedData } from "../src/data/types.js";
import { MtrecError } from "../src/errors.js";

test("a split is fixed by its seed and changes with it", () => {
  const a = splitIndices(1000, 0.2, 7);
  assert.deepEqual(a, splitIndices(1000, 0.2, 7));
  assert.notDeepEqual(a.valid, splitIndices(1000, 0.2, 8).valid);
});

test("train and valid are disjoint, cover every row once, and are each in file order", () => {
  const { train, valid } = splitIndices(1000, 0.2, 1);
  assert.equal(valid.length, 200);
  assert.equal(train.length, 800);
  const all = [...train, ...valid].sort((x, y) => x - y);
  assert.deepEqual(
    all,
    Array.from({ length: 1000 }, (_, i) => i),
  );
  for (const part of [train, valid]) for (let i = 1; i < part.length; i++) assert.ok((part[i] as number) > (part[i - 1] as number));
});

test("a split keeps a training row however small the data", () => {
  assert.deepEqual(splitIndices(1, 0.9, 1), { train: Int32Array.of(0), valid: new Int32Array(0) });
  assert.equal(splitIndices(0, 0.2, 1).train.length, 0);
});

test("a valid fraction outside [0, 1) is refused", () => {
  for (const f of [-0.1, 1, Number.NaN]) {
    assert.throws(
      () => splitIndices(10, f, 1),
      (err: unknown) => err instanceof MtrecError && err.code === "BAD_ARGUMENT" && /validFraction must be in \[0, 1\)/.test(err.message),
    );
  }
});

test("take gathers the same rows from every column", () => {
  const data: EncodedData = {
    rows: 4,
    sparse: [Int32Array.of(10, 11, 12, 13)],
    dense: Float32Array.of(0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5),
    labels: [Float32Array.of(0, 1, 0, 1)],
    group: Int32Array.of(0, 0, 1, 1),
    keep: { id: ["a", "b", "c", "d"] },
  };
  const picked = take(data, Int32Array.of(3, 1));
  assert.equal(picked.rows, 2);
  assert.deepEqual([...(picked.sparse[0] as Int32Array)], [13, 11]);
  assert.deepEqual([...picked.dense], [3, 3.5, 1, 1.5]);
  assert.deepEqual([...(picked.labels[0] as Float32Array)], [1, 1]);
  assert.deepEqual([...(picked.group as Int32Array)], [1, 0]);
  assert.deepEqual(picked.keep, { id: ["d", "b"] });
  assert.throws(() => take(data, Int32Array.of(4)), /row index 4 is outside the data's 4 rows/);
});
