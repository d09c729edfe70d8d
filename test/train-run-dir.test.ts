import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { MtrecError } from "../src/errors.js";
import { parseTrainConfig } from "../src/train/config.js";
import { trainModel } from "../src/train/trainer.js";
import { mtrec } from "./helpers/cli.js";
import { smallMmoeConfig } from "./helpers/small-mmoe.js";

const dir = await mkdtemp(join(tmpdir(), "mtrec-run-dir-"));
test.after(() => rm(dir, { recursive: true, force: true }));
const mmoe = join(dir, "mmoe.csv");
await writeSynthMmoeCsv(mmoe, { rows: 1000, correlation: 0.5, seed: 2, dim: 4 });
const funnel = join(dir, "funnel.csv");
await writeSynthFunnelCsv(funnel, { rows: 1500, users: 50, items: 40, seed: 3 });

const dense = (epochs: number) => smallMmoeConfig(mmoe, epochs);
// sparse features, so the model directory holds vocabulary files
const sparse = parseTrainConfig({
  data: { path: funnel },
  labels: ["click", "purchase"],
  exclude: ["action", "watch_time", "share"],
  model: { type: "esmm", towerHidden: [8] },
  train: { epochs: 1, batchSize: 256, threads: 1 },
});

const rejectsWith = (code: string, message: RegExp) => (e: unknown) =>
  e instanceof MtrecError && e.code === code && message.test(e.message);

test("a run into a directory holding a model is refused, naming it and --overwrite, and the model is left as it was", async () => {
  const out = join(dir, "taken");
  await trainModel(sparse, { out });
  const before = await readFile(join(out, "weights.safetensors"));
  await assert.rejects(trainModel(dense(1), { out }), rejectsWith("BAD_ARGUMENT", /taken: holds a model already .*--overwrite/));
  assert.ok(before.equals(await readFile(join(out, "weights.safetensors"))));
  assert.equal(existsSync(`${out}.partial`), false, "a refused run leaves no working directory");
});

test("overwrite replaces an old model whole: none of its vocabulary files remain beside the new one", async () => {
  const out = join(dir, "replaced");
  await trainModel(sparse, { out });
  assert.ok((await readdir(join(out, "vocab"))).length > 0, "the first model has vocabulary files");
  await trainModel(dense(1), { out, overwrite: true });
  assert.deepEqual(await readdir(join(out, "vocab")), []);
  const config = JSON.parse(await readFile(join(out, "config.json"), "utf8"));
  assert.equal(config.config.model.type, "mmoe");
  assert.deepEqual(
    (await readdir(dir)).filter((f) => f.startsWith("replaced.")),
    [],
    "no .partial or .replaced left",
  );
});

test("a directory holding files no model holds is refused even with overwrite, and left untouched", async () => {
  const out = join(dir, "project");
  await mkdir(out);
  await writeFile(join(out, "notes.txt"), "mine");
  await assert.rejects(
    trainModel(dense(1), { out, overwrite: true }),
    rejectsWith("BAD_ARGUMENT", /project: holds "notes.txt", which no mtrec model/),
  );
  assert.deepEqual(await readdir(out), ["notes.txt"]);
});

test("an empty directory is a valid out directory", async () => {
  const out = join(dir, "empty");
  await mkdir(out);
  await trainModel(dense(1), { out });
  assert.ok((await readdir(out)).includes("model.onnx"));
});

test("while a run trains, out does not exist: checkpoints go to <out>.partial, renamed to out at the end", async () => {
  const out = join(dir, "staged");
  const seen: { out: boolean; checkpoint: boolean }[] = [];
  await trainModel(dense(2), {
    out,
    // the log line of an epoch comes before that epoch's checkpoint, after the previous one's
    log: (line) => {
      if (line.startsWith("epoch 2/"))
        seen.push({ out: existsSync(out), checkpoint: existsSync(join(`${out}.partial`, "checkpoint", "state.json")) });
    },
  });
  assert.deepEqual(seen, [{ out: false, checkpoint: true }]);
  assert.equal(existsSync(`${out}.partial`), false);
  assert.ok(existsSync(join(out, "checkpoint", "state.json")));
});

test("a run stopped mid-way keeps its checkpoint in <out>.partial; a new run is refused; resume finishes it to the uninterrupted run's weights", async () => {
  const straight = join(dir, "straight");
  await trainModel(dense(4), { out: straight });
  const out = join(dir, "stopped");
  const stop = new Error("stopped during epoch 3");
  await assert.rejects(
    trainModel(dense(4), {
      out,
      log: (line) => {
        if (line.startsWith("epoch 3/")) throw stop;
      },
    }),
    (e) => e === stop,
  );
  assert.equal(existsSync(out), false, "no half-written model in out");
  const state = JSON.parse(await readFile(join(`${out}.partial`, "checkpoint", "state.json"), "utf8"));
  assert.equal(state.epoch, 2);
  await assert.rejects(
    trainModel(dense(4), { out }),
    rejectsWith("BAD_ARGUMENT", /stopped\.partial: holds an unfinished run .*--resume.*--overwrite/),
  );
  const resumed = await trainModel(dense(4), { out, resume: true });
  assert.deepEqual(
    resumed.history.map((h) => h.epoch),
    [1, 2, 3, 4],
  );
  const a = await readFile(join(straight, "weights.safetensors"));
  const b = await readFile(join(out, "weights.safetensors"));
  assert.ok(a.equals(b), "resumed weights differ from the uninterrupted run's");
  assert.equal(existsSync(`${out}.partial`), false);
});

test("a directory holding only a checkpoint, as an earlier mtrec left a stopped run, is refused without resume and continued with it", async () => {
  const out = join(dir, "old-layout");
  await trainModel(dense(1), { out });
  for (const f of await readdir(out)) if (f !== "checkpoint") await rm(join(out, f), { recursive: true });
  await assert.rejects(
    trainModel(dense(2), { out }),
    rejectsWith("BAD_ARGUMENT", /old-layout: holds the checkpoint of an unfinished run; .*--resume/),
  );
  const resumed = await trainModel(dense(2), { out, resume: true });
  assert.deepEqual(
    resumed.history.map((h) => h.epoch),
    [1, 2],
  );
  assert.ok((await readdir(out)).includes("model.onnx"));
});

test("mtrec train --out naming a file exits 2 with a named error, not 70", async () => {
  const file = join(dir, "a-file");
  await writeFile(file, "");
  const r = await mtrec("train", "--data", mmoe, "--labels", "y1,y2", "--out", file);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /a-file: is a file, not a directory/);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
});

test("predict and synth --out naming a directory, or a file in a missing directory, exit 2 naming the path", async () => {
  for (const args of [
    ["synth", "mmoe", "--rows", "10"],
    ["synth", "funnel", "--rows", "10"],
    ["synth", "confounded", "--rows", "10"],
    ["predict", "--model", join(dir, "empty"), "--data", mmoe],
  ]) {
    const isDir = await mtrec(...args, "--out", dir);
    assert.equal(isDir.code, 2, `${args.join(" ")}: ${isDir.stderr}`);
    assert.match(isDir.stderr, /--out .*: is a directory; name the file to write/);
    const missing = await mtrec(...args, "--out", join(dir, "no-such-dir", "x.csv"));
    assert.equal(missing.code, 2, `${args.join(" ")}: ${missing.stderr}`);
    assert.match(missing.stderr, /no-such-dir does not exist/);
  }
});
