import assert from "node:assert/strict";
import { test } from "node:test";
import { Parameter } from "../src/nn/parameter.js";
import { Rng } from "../src/nn/rng.js";
import { Adam, Averaged, SGD } from "../src/optim/index.js";

function params(rng: Rng) {
  const table = new Parameter(
    "table",
    [6, 2],
    Float32Array.from({ length: 12 }, () => rng.normal()),
    { sparse: true },
  );
  const dense = new Parameter(
    "dense",
    [3],
    Float32Array.from({ length: 3 }, () => rng.normal()),
  );
  return { table, dense };
}

/** Random gradients: the dense one every step, a random subset of the table's rows. */
function gradients(rng: Rng, table: Parameter, dense: Parameter): void {
  for (let i = 0; i < dense.size; i++) dense.grad[i] = rng.normal();
  const rows = Int32Array.from([0, 1, 2, 3, 4, 5].filter(() => rng.uniform() < 0.4));
  table.sparseGrad = { rows, values: Float32Array.from({ length: rows.length * 2 }, () => rng.normal()) };
}

test("the lazily caught-up average of a sparse table equals averaging every row at every step", () => {
  const rng = new Rng(3);
  const { table, dense } = params(rng);
  const decay = 0.9;
  const averaged = new Averaged(new SGD([table, dense], { lr: 0.1 }), [table, dense], decay);
  // the reference: zero-started EMA of every element after every step, bias-corrected
  const naive = { table: new Float64Array(12), dense: new Float64Array(3) };
  const grads = new Rng(4);
  for (let t = 1; t <= 25; t++) {
    gradients(grads, table, dense);
    averaged.step();
    for (let i = 0; i < 12; i++) naive.table[i] = decay * naive.table[i]! + (1 - decay) * table.data[i]!;
    for (let i = 0; i < 3; i++) naive.dense[i] = decay * naive.dense[i]! + (1 - decay) * dense.data[i]!;
  }
  const training = { table: table.data.slice(), dense: dense.data.slice() };
  averaged.swapIn();
  const correction = 1 - decay ** 25;
  for (let i = 0; i < 12; i++) assert.ok(Math.abs(table.data[i]! - naive.table[i]! / correction) < 1e-5, `table[${i}]`);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(dense.data[i]! - naive.dense[i]! / correction) < 1e-5, `dense[${i}]`);
  assert.notDeepEqual(table.data, training.table, "the average differs from the last weights");
  averaged.swapOut();
  assert.deepEqual(table.data, training.table);
  assert.deepEqual(dense.data, training.dense);
});

test("an averaged optimizer's checkpoint state restores the average, so a resumed run averages as an uninterrupted one", () => {
  const run = (split: boolean): Float32Array => {
    const rng = new Rng(5);
    const { table, dense } = params(rng);
    const grads = new Rng(6);
    let opt = new Averaged(new Adam([table, dense], { lr: 0.05 }), [table, dense], 0.8);
    for (let t = 1; t <= 20; t++) {
      if (split && t === 11) {
        const state = Object.fromEntries(Object.entries(opt.stateTensors()).map(([k, v]) => [k, v.slice()]));
        const steps = opt.stepCount;
        opt = new Averaged(new Adam([table, dense], { lr: 0.05 }), [table, dense], 0.8);
        opt.loadState(state, steps);
      }
      gradients(grads, table, dense);
      opt.step();
    }
    opt.swapIn();
    return Float32Array.of(...table.data, ...dense.data);
  };
  assert.deepEqual(run(true), run(false));
});

test("the average refuses a step while swapped in, a decay outside (0, 1), and a checkpoint without an average", () => {
  const { table, dense } = params(new Rng(1));
  const opt = new Averaged(new SGD([table, dense], { lr: 0.1 }), [table, dense], 0.9);
  opt.swapIn();
  assert.throws(() => opt.step(), { message: /swapOut\(\) first/ });
  opt.swapOut();
  assert.throws(() => new Averaged(new SGD([dense], { lr: 0.1 }), [dense], 1), { message: /decay must be in \(0, 1\), got 1/ });
  const plain = new SGD([table, dense], { lr: 0.1 });
  assert.throws(() => opt.loadState(plain.stateTensors(), 0), { message: /no weight average "ema:table"/ });
});
