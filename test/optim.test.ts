import assert from "node:assert/strict";
import { test } from "node:test";
import { Parameter } from "../src/nn/parameter.js";
import { Adagrad, Adam, AdamW, clipGradNorm, type Optimizer, SGD } from "../src/optim/index.js";

// Expected values below are the published update rules evaluated in float64; the optimizers
// keep float32 state, so they agree to float32 rounding, far below any mistake in a rule.
const TOL = 1e-6;
const W0 = [0.5, -1.2, 2.0];
const GRADS = [
  [0.3, -0.8, 0.05],
  [-0.4, 0.6, 1.5],
];

function assertClose(actual: Float32Array, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    assert.ok(Math.abs(a - e) <= TOL * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e}`);
  });
}

/** Runs two steps on a fresh [3] parameter and checks the weights after each against `expected`. */
function checkTwoSteps(make: (p: Parameter) => Optimizer, expected: number[][], l2?: number): void {
  const p = new Parameter("w", [3], Float32Array.from(W0), { l2 });
  const opt = make(p);
  GRADS.forEach((g, t) => {
    p.grad.set(g);
    opt.step();
    assertClose(p.data, expected[t] as number[], `after step ${t + 1}`);
  });
}

test("SGD with momentum steps by buf = momentum·buf + g, starting from buf = g", () => {
  const lr = 0.1;
  const mu = 0.9;
  const buf1 = GRADS[0]!;
  const w1 = W0.map((w, i) => w - lr * buf1[i]!);
  const buf2 = buf1.map((b, i) => mu * b + GRADS[1]![i]!);
  const w2 = w1.map((w, i) => w - lr * buf2[i]!);
  checkTwoSteps((p) => new SGD([p], { lr, momentum: mu }), [w1, w2]);
});

test("SGD with Nesterov momentum steps by g + momentum·buf", () => {
  const lr = 0.1;
  const mu = 0.9;
  const [g1, g2] = [GRADS[0]!, GRADS[1]!];
  const buf1 = g1;
  const w1 = W0.map((w, i) => w - lr * (g1[i]! + mu * buf1[i]!));
  const buf2 = buf1.map((b, i) => mu * b + g2[i]!);
  const w2 = w1.map((w, i) => w - lr * (g2[i]! + mu * buf2[i]!));
  checkTwoSteps((p) => new SGD([p], { lr, momentum: mu, nesterov: true }), [w1, w2]);
});

/** Kingma & Ba's Algorithm 1, with AdamW's decoupled decay when weightDecay > 0. */
function adamReference(lr: number, b1: number, b2: number, eps: number, weightDecay: number): number[][] {
  let w = W0.slice();
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  return GRADS.map((g, k) => {
    const t = k + 1;
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
    w = w.map((wi, i) => {
      const mHat = m[i]! / (1 - b1 ** t);
      const vHat = v[i]! / (1 - b2 ** t);
      return wi * (1 - lr * weightDecay) - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
    return w;
  });
}

test("Adam's first two steps follow the bias-corrected moments", () => {
  const expected = adamReference(0.1, 0.8, 0.99, 1e-3, 0);
  checkTwoSteps((p) => new Adam([p], { lr: 0.1, beta1: 0.8, beta2: 0.99, eps: 1e-3 }), expected);
});

test("Adam defaults to PyTorch's beta1 0.9, beta2 0.999, eps 1e-8", () => {
  checkTwoSteps((p) => new Adam([p], { lr: 0.1 }), adamReference(0.1, 0.9, 0.999, 1e-8, 0));
});

test("AdamW multiplies weights by 1 - lr·weightDecay outside the moments", () => {
  const expected = adamReference(0.1, 0.9, 0.999, 1e-8, 0.5);
  checkTwoSteps((p) => new AdamW([p], { lr: 0.1, weightDecay: 0.5 }), expected);
});

test("AdamW's default weightDecay is PyTorch's 0.01", () => {
  checkTwoSteps((p) => new AdamW([p], { lr: 0.1 }), adamReference(0.1, 0.9, 0.999, 1e-8, 0.01));
});

test("Adagrad divides by the root of the accumulated squared gradient plus the initial accumulator", () => {
  const lr = 0.5;
  const init = 0.1;
  const eps = 1e-10;
  const [g1, g2] = [GRADS[0]!, GRADS[1]!];
  const s1 = g1.map((g) => init + g * g);
  const w1 = W0.map((w, i) => w - (lr * g1[i]!) / (Math.sqrt(s1[i]!) + eps));
  const s2 = s1.map((s, i) => s + g2[i]! ** 2);
  const w2 = w1.map((w, i) => w - (lr * g2[i]!) / (Math.sqrt(s2[i]!) + eps));
  checkTwoSteps((p) => new Adagrad([p], { lr, initialAccumulator: init }), [w1, w2]);
});

test("L2 adds l2·w to the gradient before the update", () => {
  const lr = 0.1;
  const l2 = 0.3;
  const w1 = W0.map((w, i) => w - lr * (GRADS[0]![i]! + l2 * w));
  const w2 = w1.map((w, i) => w - lr * (GRADS[1]![i]! + l2 * w));
  checkTwoSteps((p) => new SGD([p], { lr }), [w1, w2], l2);
});

const MAKERS: Record<string, (p: Parameter) => Optimizer> = {
  SGD: (p) => new SGD([p], { lr: 0.1 }),
  "SGD with Nesterov momentum": (p) => new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }),
  Adam: (p) => new Adam([p], { lr: 0.1 }),
  AdamW: (p) => new AdamW([p], { lr: 0.1 }),
  Adagrad: (p) => new Adagrad([p], { lr: 0.1 }),
};

for (const [name, make] of Object.entries(MAKERS)) {
  test(`${name} with L2 moves weights as it would with l2·w added to the gradient`, () => {
    const l2 = 0.3;
    const withL2 = new Parameter("w", [3], Float32Array.from(W0), { l2 });
    const addedByHand = new Parameter("w", [3], Float32Array.from(W0));
    const [optL2, optHand] = [make(withL2), make(addedByHand)];
    for (const g of GRADS) {
      withL2.grad.set(g);
      addedByHand.grad.set(g.map((gi, i) => gi + l2 * addedByHand.data[i]!));
      optL2.step();
      optHand.step();
    }
    assertClose(withL2.data, Array.from(addedByHand.data), "weights");
    assert.notDeepEqual(withL2.data, Float32Array.from(W0));
  });
}

test("buffers are neither updated nor given optimizer state", () => {
  const running = new Parameter("bn.mean", [2], Float32Array.from([1, 2]), { buffer: true });
  running.grad.set([5, 5]);
  const opt = new Adam([running], { lr: 0.1 });
  opt.step();
  assert.deepEqual(running.data, Float32Array.from([1, 2]));
  assert.deepEqual(Object.keys(opt.stateTensors()), []);
});

test("the learning rate is read at each step, so a schedule can change it", () => {
  const p = new Parameter("w", [1], Float32Array.from([1]));
  const opt = new SGD([p], { lr: 0.1 });
  p.grad.set([1]);
  opt.step();
  opt.lr = 0.5;
  opt.step();
  assertClose(p.data, [1 - 0.1 - 0.5], "weight");
});

function clipFixture(): { dense: Parameter; table: Parameter; buffer: Parameter } {
  const dense = new Parameter("dense", [2], new Float32Array(2));
  dense.grad.set([3, 4]);
  const table = new Parameter("table", [5, 2], new Float32Array(10), { sparse: true });
  table.sparseGrad = { rows: Int32Array.from([3]), values: Float32Array.from([0, 12]) };
  const buffer = new Parameter("buffer", [1], new Float32Array(1), { buffer: true });
  buffer.grad.set([100]);
  return { dense, table, buffer };
}

test("clipGradNorm returns the global norm over dense and sparse gradients, ignoring buffers", () => {
  const { dense, table, buffer } = clipFixture();
  assert.equal(clipGradNorm([dense, table, buffer], 100), 13); // √(3² + 4² + 12²)
});

test("clipGradNorm scales every gradient to the max norm when above it", () => {
  const { dense, table, buffer } = clipFixture();
  clipGradNorm([dense, table, buffer], 6.5);
  assertClose(dense.grad, [1.5, 2], "dense grad");
  assertClose(table.sparseGrad!.values, [0, 6], "sparse grad");
  assertClose(buffer.grad, [100], "buffer grad");
});

test("clipGradNorm leaves gradients below the max norm untouched", () => {
  const { dense, table } = clipFixture();
  clipGradNorm([dense, table], 13.5);
  assert.deepEqual(dense.grad, Float32Array.from([3, 4]));
  assert.deepEqual(table.sparseGrad!.values, Float32Array.from([0, 12]));
});
