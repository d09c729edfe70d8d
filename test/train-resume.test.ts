import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { parseTrainConfig } from "../src/train/config.js";
import { trainModel } from "../src/train/trainer.js";

const dir = await mkdtemp(join(tmpdir(), "mtrec-resume-"));
after(() => rm(dir, { recursive: true, force: true }));
const path = join(dir, "mmoe.csv");
await writeSynthMmoeCsv(path, { rows: 2000, correlation: 0.5, seed: 4, dim: 6 });
const config = (epochs: number) =>
  parseTrainConfig({
    data: { path },
    schema: {
      dense: Array.from({ length: 6 }, (_, i) => ({ name: `x${i}` })),
      labels: [
        { name: "y1", type: "regression" },
        { name: "y2", type: "regression" },
      ],
    },
    model: { type: "ple", expertHidden: [8] },
    train: { epochs, batchSize: 64, lr: 3e-3, threads: 1, earlyStopping: { patience: 10 } },
  });

test("a run stopped after 2 epochs and resumed to 4 ends with the same weights as 4 epochs straight", async () => {
  const straight = await trainModel(config(4), { out: join(dir, "straight") });
  await trainModel(config(2), { out: join(dir, "resumed") });
  const resumed = await trainModel(config(4), { out: join(dir, "resumed"), resume: true });
  assert.deepEqual(
    resumed.history.map((h) => h.epoch),
    [1, 2, 3, 4],
  );
  assert.equal(resumed.best.epoch, straight.best.epoch);
  const a = await readFile(join(dir, "straight", "weights.safetensors"));
  const b = await readFile(join(dir, "resumed", "weights.safetensors"));
  assert.ok(a.equals(b), "resumed weights differ from the uninterrupted run's");
});

test("the checkpoint keeps one complete weights/optimizer pair that state.json names", async () => {
  const files = (await readdir(join(dir, "straight", "checkpoint"))).sort();
  assert.deepEqual(files, ["best.safetensors", "optimizer-4.safetensors", "state.json", "weights-4.safetensors"]);
  const state = JSON.parse(await readFile(join(dir, "straight", "checkpoint", "state.json"), "utf8"));
  assert.equal(state.epoch, 4);
  assert.equal(state.weights, "weights-4.safetensors");
});

test("resuming without a checkpoint says so and names the directory", async () => {
  await assert.rejects(
    trainModel(config(2), { out: join(dir, "fresh"), resume: true }),
    /fresh\/checkpoint\/state\.json: no checkpoint to resume from/,
  );
});

test("a run's result depends on its seed alone, not on runs trained before it on the same prepared rows", async () => {
  const { prepareData } = await import("../src/train/trainer.js");
  const data = await prepareData(config(2));
  const first = await trainModel(config(2), {}, data);
  await trainModel({ ...config(2), train: { ...config(2).train, seed: 9 } }, {}, data);
  const again = await trainModel(config(2), {}, data);
  assert.deepEqual(
    again.model.parameters().map((p) => Array.from(p.data)),
    first.model.parameters().map((p) => Array.from(p.data)),
  );
});
