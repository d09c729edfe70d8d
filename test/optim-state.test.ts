import assert from "node:assert/strict";
import { test } from "node:test";
import { Parameter } from "../src/nn/parameter.js";
import { Adagrad, Adam, AdamW, type Optimizer, SGD } from "../src/optim/index.js";

type Make = (ps: Parameter[]) => Optimizer;

const MAKERS: Record<string, Make> = {
  "SGD with Nesterov momentum": (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true }),
  "lazy Adam": (ps) => new Adam(ps, { lr: 0.1 }),
  "dense-updating AdamW": (ps) => new AdamW(ps, { lr: 0.1, lazy: false }),
  Adagrad: (ps) => new Adagrad(ps, { lr: 0.1, initialAccumulator: 0.1 }),
};

function model(from?: Parameter[]): Parameter[] {
  return [
    new Parameter("tower.weight", [3], from ? from[0]!.data.slice() : Float32Array.from([0.5, -1.2, 2])),
    new Parameter("user.embedding", [4, 2], from ? from[1]!.data.slice() : Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), {
      sparse: true,
      l2: 0.01,
    }),
  ];
}

/** A different gradient at every step t, on different rows. */
function feed([dense, table]: Parameter[], t: number): void {
  dense!.grad.set([Math.sin(t), Math.cos(t), 0.5 - 0.1 * t]);
  table!.sparseGrad = { rows: Int32Array.from([t % 4, (t + 2) % 4]), values: Float32Array.from([0.3, -0.2 * t, 0.1, t]) };
}

function train(opt: Optimizer, ps: Parameter[], from: number, to: number): void {
  for (let t = from; t < to; t++) {
    feed(ps, t);
    opt.step();
  }
}

for (const [name, make] of Object.entries(MAKERS)) {
  test(`${name} restored from stateTensors and stepCount continues identically`, () => {
    const original = model();
    const opt = make(original);
    train(opt, original, 0, 3);
    const saved = Object.fromEntries(Object.entries(opt.stateTensors()).map(([k, v]) => [k, v.slice()]));
    const restoredParams = model(original);
    const restored = make(restoredParams);
    restored.loadState(saved, opt.stepCount);
    train(opt, original, 3, 5);
    train(restored, restoredParams, 3, 5);
    assert.deepEqual(restoredParams[0]!.data, original[0]!.data);
    assert.deepEqual(restoredParams[1]!.data, original[1]!.data);
    assert.deepEqual(restored.stateTensors(), opt.stateTensors());
    assert.equal(restored.stepCount, 5);
  });
}

test("Adam's state is named by parameter and moment", () => {
  const opt = new Adam(model(), { lr: 0.1 });
  assert.deepEqual(Object.keys(opt.stateTensors()).sort(), ["tower.weight.m", "tower.weight.v", "user.embedding.m", "user.embedding.v"]);
});

test("loadState names a missing state tensor", () => {
  const opt = new Adam(model(), { lr: 0.1 });
  const state = opt.stateTensors();
  delete state["user.embedding.v"];
  assert.throws(() => opt.loadState(state, 1), /missing "user\.embedding\.v"/);
});

test("loadState rejects a tensor of the wrong size and leaves the state untouched", () => {
  const opt = new Adam(model(), { lr: 0.1 });
  const state = { ...opt.stateTensors(), "tower.weight.m": new Float32Array(3).fill(1), "user.embedding.m": new Float32Array(2) };
  assert.throws(() => opt.loadState(state, 1), /"user\.embedding\.m" has 2 values, expected 8/);
  assert.deepEqual(opt.stateTensors()["tower.weight.m"], new Float32Array(3));
  assert.equal(opt.stepCount, 0);
});

test("loadState rejects tensors kept by another optimizer", () => {
  const sgd = new SGD(model(), { lr: 0.1, momentum: 0.9 });
  assert.throws(() => new Adam(model(), { lr: 0.1 }).loadState(sgd.stateTensors(), 1), /tower\.weight\.momentum/);
});
