import assert from "node:assert/strict";
import { test } from "node:test";
import { ascendingOrder } from "../src/metrics/order.js";
import { Rng } from "../src/nn/rng.js";

const comparatorOrder = (keys: ArrayLike<number>, start: Uint32Array) =>
  Array.from(start)
    .map((row, position) => ({ row, position }))
    .sort((a, b) => (keys[a.row] as number) - (keys[b.row] as number) || a.position - b.position)
    .map((entry) => entry.row);

test("ascendingOrder matches a stable comparator sort on doubles of every sign and magnitude", () => {
  const rng = new Rng(1);
  const special = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, 1, -1];
  const keys = Float64Array.from({ length: 5000 }, (_, i) =>
    i % 7 === 0 ? (special[rng.int(special.length)] as number) : rng.normal() * 10 ** (rng.int(40) - 20) * (rng.int(2) ? 1 : -1),
  );
  const start = new Uint32Array(keys.length);
  for (let i = 0; i < start.length; i++) start[i] = i;
  rng.shuffle(start);
  assert.deepEqual(Array.from(ascendingOrder(keys, start)), comparatorOrder(keys, start));
});

test("ascendingOrder sorts float32 keys, whose low mantissa digits are all zero", () => {
  const rng = new Rng(2);
  const keys = Float32Array.from({ length: 3000 }, () => rng.int(50) / 50 - 0.5);
  const identity = Uint32Array.from(keys, (_, i) => i);
  assert.deepEqual(Array.from(ascendingOrder(keys)), comparatorOrder(keys, identity));
});

test("ascendingOrder keeps tied keys in the order of the start permutation", () => {
  const keys = [2, 1, 2, 1, 2];
  assert.deepEqual(Array.from(ascendingOrder(keys, Uint32Array.of(4, 3, 2, 1, 0))), [3, 1, 4, 2, 0]);
});

test("ascendingOrder ties −0 with +0 instead of putting −0 first", () => {
  assert.deepEqual(Array.from(ascendingOrder([0, -0, 0, -0])), [0, 1, 2, 3]);
});

test("ascendingOrder of no keys is empty", () => {
  assert.equal(ascendingOrder([]).length, 0);
});
