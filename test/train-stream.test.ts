import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { parseTrainConfig } from "../src/train/config.js";
import { isValidationRow } from "../src/train/row-source.js";
import { prepareData, trainModel } from "../src/train/trainer.js";

const dir = await mkdtemp(join(tmpdir(), "mtrec-stream-"));
after(() => rm(dir, { recursive: true, force: true }));
const path = join(dir, "mmoe.csv");
await writeSynthMmoeCsv(path, { rows: 3000, correlation: 0.5, seed: 3, dim: 8 });
const schema = {
  dense: Array.from({ length: 8 }, (_, i) => ({ name: `x${i}` })),
  labels: [
    { name: "y1", type: "regression" as const },
    { name: "y2", type: "regression" as const },
  ],
};
const config = (stream: "always" | "never", valid?: string, model: object = { type: "mmoe", experts: 2, expertHidden: [8] }) =>
  parseTrainConfig({
    data: { path },
    ...(valid ? { valid: { path: valid } } : {}),
    schema,
    model,
    train: { epochs: 3, batchSize: 64, lr: 5e-3, stream, chunkRows: 500, threads: 1 },
  });

test("the hashed validation split takes about the asked share of rows and is the same on every pass", () => {
  let valid = 0;
  for (let i = 0; i < 100_000; i++) if (isValidationRow(i, 0.2)) valid++;
  assert.ok(Math.abs(valid / 100_000 - 0.2) < 0.005, `${valid}`);
  assert.equal(isValidationRow(12345, 0.2), isValidationRow(12345, 0.2));
});

test("streaming training reads the file chunk by chunk every epoch and learns like in-memory training", async () => {
  const streamed = await trainModel(config("always"));
  const prepared = await prepareData(config("always"));
  assert.equal(prepared.streamed, true);
  assert.equal(prepared.memory, undefined);
  const first = streamed.history[0]?.trainLoss.y1 as number;
  const last = streamed.history.at(-1)?.trainLoss.y1 as number;
  assert.ok(last < first, `train loss ${first} -> ${last}`);
  const memory = await trainModel(config("never"));
  const s = streamed.valid.tasks.y1?.mse as number;
  const m = memory.valid.tasks.y1?.mse as number;
  assert.ok(Math.abs(s - m) / m < 0.25, `streamed MSE ${s} vs in memory ${m}`);
  assert.ok(Math.abs(streamed.valid.rows - 600) < 60, `${streamed.valid.rows} validation rows`);
});

test("streaming with a separate validation file validates on all of it", async () => {
  const valid = join(dir, "valid.csv");
  await writeSynthMmoeCsv(valid, { rows: 400, correlation: 0.5, seed: 3, rowSeed: 99, dim: 8 });
  const r = await trainModel(config("always", valid));
  assert.equal(r.valid.rows, 400);
});

test("a streamed 2-level PLE's validation report holds every level's gates, each gate's mean weights summing to 1", async () => {
  const r = await trainModel(config("always", undefined, { type: "ple", levels: 2, taskExperts: 1, sharedExperts: 1, expertHidden: [4] }));
  assert.deepEqual(Object.keys(r.valid.gates ?? {}), ["y1", "y2"]);
  assert.deepEqual(Object.keys(r.valid.levelGates ?? {}), ["level0/y1", "level0/y2", "level0/shared"]);
  for (const [name, usage] of Object.entries({ ...r.valid.gates, ...r.valid.levelGates })) {
    const total = Object.values(usage).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-5, `${name}: ${total}`);
  }
  assert.deepEqual(Object.keys(r.valid.levelGates?.["level0/shared"] ?? {}), ["y1/0", "y2/0", "shared/0"]);
});
