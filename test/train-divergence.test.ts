import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { MtrecError } from "../src/errors.js";
import { Parameter } from "../src/nn/parameter.js";
import { firstNonFiniteGradient, firstNonFiniteValue } from "../src/train/divergence.js";
import { trainModel } from "../src/train/trainer.js";
import { mtrec } from "./helpers/cli.js";
import { smallMmoeConfig } from "./helpers/small-mmoe.js";

const dir = await mkdtemp(join(tmpdir(), "mtrec-diverge-"));
test.after(() => rm(dir, { recursive: true, force: true }));
const path = join(dir, "mmoe.csv");
await writeSynthMmoeCsv(path, { rows: 1000, correlation: 0.5, seed: 5, dim: 4 });
// 800 training rows in batches of 100: 8 steps an epoch. Adam moves every weight by about
// lr in the first step; at 1e10 the second step's squared errors overflow float32.
const SANE = 3e-3;
const OVERFLOWING = 1e10;
const config = (epochs: number, lr: number) => smallMmoeConfig(path, epochs, lr);

const diverged = (message: RegExp) => (e: unknown) => e instanceof MtrecError && e.code === "DIVERGED" && message.test(e.message);

test("firstNonFiniteGradient names the first parameter whose dense or sparse gradient holds a NaN or an infinity", () => {
  const a = new Parameter("a", [9], new Float32Array(9));
  const table = new Parameter("table", [4, 2], new Float32Array(8), { sparse: true });
  const b = new Parameter("b", [2], new Float32Array(2));
  assert.equal(firstNonFiniteGradient([a, table, b]), undefined);
  b.grad[1] = Number.NaN;
  assert.deepEqual(firstNonFiniteGradient([a, table, b]), { name: "b", value: Number.NaN });
  table.sparseGrad = { rows: Int32Array.of(2), values: Float32Array.of(1, Number.NEGATIVE_INFINITY) };
  assert.deepEqual(firstNonFiniteGradient([a, table, b]), { name: "table", value: Number.NEGATIVE_INFINITY });
  // infinities of both signs in separate partial sums: their total is NaN, still found
  a.grad.set([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0]);
  assert.deepEqual(firstNonFiniteGradient([a, table, b]), { name: "a", value: Number.POSITIVE_INFINITY });
});

test("firstNonFiniteValue finds an overflowed weight and passes large finite ones", () => {
  const w = new Parameter("w", [3], Float32Array.of(3e38, 3e38, 3e38));
  assert.equal(firstNonFiniteValue([w]), undefined, "float32 maxima sum finitely in float64");
  w.data[2] = Number.POSITIVE_INFINITY;
  assert.deepEqual(firstNonFiniteValue([w]), { name: "w", value: Number.POSITIVE_INFINITY });
});

test("a learning rate that overflows stops the run at its first non-finite step, naming the epoch, step, task and parameter", async () => {
  await assert.rejects(
    trainModel(config(2, OVERFLOWING), { out: join(dir, "fresh") }),
    diverged(
      /training diverged at epoch 1, step 2 of 8: the loss of "y1" is (Infinity|NaN).*first non-finite gradient is that of "[\w.]+".*no epoch completed, so there is no checkpoint/,
    ),
  );
  assert.equal(existsSync(join(dir, "fresh")), false, "no model written");
});

test("a run that diverges after a complete epoch keeps that epoch's checkpoint, and resume at a sane rate reaches the uninterrupted run's weights", async () => {
  const straight = join(dir, "straight");
  await trainModel(config(3, SANE), { out: straight });
  const out = join(dir, "continued");
  await trainModel(config(1, SANE), { out });
  const model = await readFile(join(out, "weights.safetensors"));
  // the user continues the finished model at too high a rate: epoch 2 diverges
  await assert.rejects(
    trainModel(config(3, OVERFLOWING), { out, resume: true }),
    diverged(
      /epoch 2, step 2 of 8: .*the checkpoint of epoch 1 in .*continued\.partial\/checkpoint is intact: lower the learning rate \(now 10000000000\)/,
    ),
  );
  assert.ok(model.equals(await readFile(join(out, "weights.safetensors"))), "the finished model is untouched");
  const state = JSON.parse(await readFile(join(`${out}.partial`, "checkpoint", "state.json"), "utf8"));
  assert.equal(state.epoch, 1);
  const resumed = await trainModel(config(3, SANE), { out, resume: true });
  assert.deepEqual(
    resumed.history.map((h) => h.epoch),
    [1, 2, 3],
  );
  assert.ok((await readFile(join(straight, "weights.safetensors"))).equals(await readFile(join(out, "weights.safetensors"))));
});

test("mtrec train exits 7 when training diverges", async () => {
  const r = await mtrec(
    "train",
    "--data",
    path,
    "--labels",
    "y1,y2",
    "--batch-size",
    "100",
    "--lr",
    "1e10",
    "--threads",
    "1",
    "--out",
    join(dir, "cli"),
  );
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /^mtrec: training diverged at epoch 1/);
});
