import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../src/nn/rng.js";

test("the same seed repeats the same stream; another seed does not", () => {
  const draw = (seed: number) => {
    const r = new Rng(seed);
    return [r.nextUint32(), r.uniform(), r.normal(), r.int(1000)];
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
});

test("uniform draws have mean 1/2 and normal draws mean 0 and variance 1", () => {
  const r = new Rng(7);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.015);
});

test("shuffle is a seeded permutation", () => {
  const a = new Rng(1).shuffle(Int32Array.from({ length: 100 }, (_, i) => i));
  const b = new Rng(1).shuffle(Int32Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(a, b);
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.notDeepEqual(
    Array.from(a),
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test("a non-finite seed is refused", () => {
  assert.throws(() => new Rng(Number.NaN), /seed must be a finite number/);
});
