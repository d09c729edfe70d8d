import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";
import { pcgrad, projectConflicting } from "../src/weighting/math/pcgrad.js";

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < a.length; k++) total += a[k]! * b[k]!;
  return total;
}

function randomGradient(rng: Rng, width: number): Float64Array {
  return Float64Array.from({ length: width }, () => rng.normal());
}

test("gradients with no pairwise conflict pass through: the update is their plain sum", () => {
  const rng = new Rng(41);
  // Non-negative entries make every pairwise dot product ≥ 0.
  const grads = Array.from({ length: 4 }, () => randomGradient(rng, 8).map(Math.abs));
  const update = pcgrad(grads, new Rng(1));
  for (let k = 0; k < 8; k++) assert.equal(update[k], grads[0]![k]! + grads[1]![k]! + grads[2]![k]! + grads[3]![k]!);
});

test("two conflicting gradients each lose exactly their component along the other (as given, not as projected)", () => {
  const rng = new Rng(42);
  for (let trial = 0; trial < 50; trial++) {
    const a = randomGradient(rng, 12);
    let b = randomGradient(rng, 12);
    if (dot(a, b) >= 0) b = b.map((x) => -x);
    const [aPC, bPC] = projectConflicting([a, b], rng);
    const scale = Math.sqrt(dot(a, a) * dot(b, b));
    assert.ok(Math.abs(dot(aPC!, b)) <= 1e-12 * scale, `a^PC · b = ${dot(aPC!, b)}`);
    assert.ok(Math.abs(dot(bPC!, a)) <= 1e-12 * scale, `b^PC · a = ${dot(bPC!, a)}`);
    // a minus its projection on the original b; against b^PC (already orthogonal to a) a would stay whole.
    const coefficient = dot(a, b) / dot(b, b);
    for (let k = 0; k < 12; k++) assert.ok(Math.abs(aPC![k]! - (a[k]! - coefficient * b[k]!)) < 1e-12);
  }
});

test("a gradient conflicting with two orthogonal gradients loses both components, in either order", () => {
  // g1 = (−1, −1, 1) conflicts with e_x and e_y, which are orthogonal, so g1^PC = (0, 0, 1) in
  // both orders. It is listed last: projecting against the others' already projected gradients,
  // which are not orthogonal any more, would give something else.
  const g1 = Float64Array.of(-1, -1, 1);
  for (let seed = 0; seed < 20; seed++) {
    const [, , g1PC] = projectConflicting([Float64Array.of(1, 0, 0), Float64Array.of(0, 1, 0), g1], new Rng(seed));
    assert.deepEqual(Array.from(g1PC!), [0, 0, 1]);
  }
});

test("the same seed gives the same update; the visiting order can change it", () => {
  const rng = new Rng(43);
  const grads = Array.from({ length: 5 }, () => randomGradient(rng, 6));
  assert.deepEqual(pcgrad(grads, new Rng(7)), pcgrad(grads, new Rng(7)));
  const updates = new Set(Array.from({ length: 20 }, (_, seed) => Array.from(pcgrad(grads, new Rng(seed))).join(",")));
  assert.ok(updates.size > 1, "every seed gave the same update, so the order is not random");
});

test("zero gradients are neither divided by nor changed, and Float32 input is accepted", () => {
  const g = Float32Array.of(1, -2, 3);
  const zero = new Float32Array(3);
  const [gPC, zeroPC] = projectConflicting([g, zero], new Rng(1));
  assert.deepEqual(Array.from(gPC!), [1, -2, 3]);
  assert.deepEqual(Array.from(zeroPC!), [0, 0, 0]);
  assert.deepEqual(Array.from(pcgrad([zero, zero], new Rng(1))), [0, 0, 0]);
});

test("gradients of different lengths are a BAD_ARGUMENT naming the gradient", () => {
  assert.throws(
    () => pcgrad([Float64Array.of(1, 2), Float64Array.of(1)], new Rng(1)),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && /gradient 1 has 1 entries/.test(e.message),
  );
});
