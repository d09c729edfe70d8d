import assert from "node:assert/strict";
import { test } from "node:test";
import { Parameter } from "../src/nn/parameter.js";
import { Adagrad, Adam, AdamW, type Optimizer, SGD } from "../src/optim/index.js";

// A 4×2 embedding table: step 1 sees rows 0 and 2, step 2 sees rows 2 and 3; row 1 never.
const TABLE = [0.5, -0.3, 1.1, 0.7, -0.9, 0.2, 0.4, -1.5];
const BATCHES = [
  { rows: [0, 2], values: [0.3, -0.6, 0.8, 0.1] },
  { rows: [2, 3], values: [-0.5, 0.4, 0.9, -0.2] },
];
const [B1, B2, EPS, LR] = [0.9, 0.999, 1e-8, 0.1];

function table(l2?: number): Parameter {
  return new Parameter("item", [4, 2], Float32Array.from(TABLE), { sparse: true, l2 });
}

function feed(p: Parameter, t: number): void {
  const b = BATCHES[t]!;
  p.sparseGrad = { rows: Int32Array.from(b.rows), values: Float32Array.from(b.values) };
}

function row(values: Float32Array, r: number): Float32Array {
  return values.slice(2 * r, 2 * r + 2);
}

function assertRowNear(p: Parameter, r: number, expected: number[]): void {
  expected.forEach((e, i) => {
    const a = p.data[2 * r + i]!;
    assert.ok(Math.abs(a - e) < 1e-6, `row ${r}[${i}]: got ${a}, expected ${e}`);
  });
}

test("lazy Adam leaves rows outside the batch and their moments exactly unchanged", () => {
  const p = table();
  const opt = new Adam([p], { lr: LR });
  feed(p, 0);
  opt.step();
  const afterStep1 = p.data.slice();
  const m1 = opt.stateTensors()["item.m"]!.slice();
  feed(p, 1);
  opt.step();
  const m2 = opt.stateTensors()["item.m"]!;
  assert.deepEqual(row(p.data, 0), row(afterStep1, 0), "row 0 weight");
  assert.deepEqual(row(m2, 0), row(m1, 0), "row 0 first moment");
  assert.deepEqual(row(p.data, 1), Float32Array.from(TABLE.slice(2, 4)), "row 1 weight");
  assert.notDeepEqual(row(p.data, 2), row(afterStep1, 2), "row 2, in the batch, moves");
});

test("lazy Adam bias-corrects a row first seen at step 2 with the global step count", () => {
  const p = table();
  const opt = new Adam([p], { lr: LR });
  feed(p, 0);
  opt.step();
  feed(p, 1);
  opt.step();
  const expected = [0.9, -0.2].map((g, i) => {
    const mHat = ((1 - B1) * g) / (1 - B1 ** 2);
    const vHat = ((1 - B2) * g * g) / (1 - B2 ** 2);
    return TABLE[6 + i]! - (LR * mHat) / (Math.sqrt(vHat) + EPS);
  });
  assertRowNear(p, 3, expected);
});

test("Adam with lazy: false keeps moving a row after it leaves the batch, by its decayed moments", () => {
  const p = table();
  const opt = new Adam([p], { lr: LR, lazy: false });
  feed(p, 0);
  opt.step();
  const afterStep1 = p.data.slice();
  feed(p, 1);
  opt.step();
  const expected = [0.3, -0.6].map((g, i) => {
    const mHat = (B1 * (1 - B1) * g) / (1 - B1 ** 2);
    const vHat = (B2 * (1 - B2) * g * g) / (1 - B2 ** 2);
    return afterStep1[i]! - (LR * mHat) / (Math.sqrt(vHat) + EPS);
  });
  assertRowNear(p, 0, expected);
  assert.notDeepEqual(row(p.data, 0), row(afterStep1, 0));
});

const MAKERS: Record<string, (ps: Parameter[], lazy: boolean) => Optimizer> = {
  "SGD with momentum": (ps, lazy) => new SGD(ps, { lr: LR, momentum: 0.9, lazy }),
  "SGD with Nesterov": (ps, lazy) => new SGD(ps, { lr: LR, momentum: 0.9, nesterov: true, lazy }),
  Adam: (ps, lazy) => new Adam(ps, { lr: LR, lazy }),
  AdamW: (ps, lazy) => new AdamW(ps, { lr: LR, weightDecay: 0.1, lazy }),
  Adagrad: (ps, lazy) => new Adagrad(ps, { lr: LR, initialAccumulator: 0.1, lazy }),
};

for (const [name, make] of Object.entries(MAKERS)) {
  test(`${name} with lazy: false updates a sparse table exactly as the dense table with zero gradient on unseen rows`, () => {
    const sparse = table(0.05);
    const dense = new Parameter("item", [4, 2], Float32Array.from(TABLE), { l2: 0.05 });
    const sparseOpt = make([sparse], false);
    const denseOpt = make([dense], false);
    for (let t = 0; t < BATCHES.length; t++) {
      feed(sparse, t);
      dense.grad.fill(0);
      BATCHES[t]!.rows.forEach((r, k) => {
        dense.grad.set(BATCHES[t]!.values.slice(2 * k, 2 * k + 2), 2 * r);
      });
      sparseOpt.step();
      denseOpt.step();
    }
    assert.deepEqual(sparse.data, dense.data);
    assert.deepEqual(sparseOpt.stateTensors(), denseOpt.stateTensors());
  });
}

test("lazy L2 decays only the rows in the batch", () => {
  const l2 = 0.5;
  const p = table(l2);
  feed(p, 0);
  new SGD([p], { lr: LR }).step();
  assertRowNear(p, 0, [0.5 - LR * (0.3 + l2 * 0.5), -0.3 - LR * (-0.6 + l2 * -0.3)]);
  assert.deepEqual(row(p.data, 1), Float32Array.from(TABLE.slice(2, 4)));
});

test("L2 with lazy: false decays rows outside the batch too", () => {
  const l2 = 0.5;
  const p = table(l2);
  feed(p, 0);
  new SGD([p], { lr: LR, lazy: false }).step();
  assertRowNear(
    p,
    1,
    TABLE.slice(2, 4).map((w) => w - LR * l2 * w),
  );
});

test("a lazy optimizer skips a sparse table with no gradient this step", () => {
  const p = table(0.5);
  const opt = new Adam([p], { lr: LR });
  opt.step();
  assert.deepEqual(p.data, Float32Array.from(TABLE));
  assert.deepEqual(opt.stateTensors()["item.v"], new Float32Array(8));
  assert.equal(opt.stepCount, 1);
});
