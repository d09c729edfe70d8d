import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { MtrecError } from "../src/errors.js";
import { openRedis } from "../src/queue/connect.js";
import { contentJobId } from "../src/queue/job-id.js";
import { preparedKey } from "../src/queue/prepared-cache.js";
import { configAtPoint } from "../src/queue/sweep/config-point.js";
import { gridPoints, parseGrid, samplePoints } from "../src/queue/sweep/grid.js";
import { fromWire, toWire } from "../src/queue/wire.js";
import { parseTrainConfig } from "../src/train/config.js";
import { prepareData } from "../src/train/trainer.js";

const base = parseTrainConfig({ data: { path: "d.csv" }, labels: ["a", "b"], model: { type: "mmoe" } });

test("a grid reads numbers as numbers, text as text, and a bracketed list as one value", () => {
  assert.deepEqual(parseGrid("train.lr=0.001,3e-3; model.type=mmoe,ple; model.expertHidden=[64,32],[16]"), [
    { path: "train.lr", values: [0.001, 0.003] },
    { path: "model.type", values: ["mmoe", "ple"] },
    { path: "model.expertHidden", values: [[64, 32], [16]] },
  ]);
});

test("grid points are every combination, the first field varying slowest", () => {
  const points = gridPoints(parseGrid("a.x=1,2;b.y=3,4,5"));
  assert.equal(points.length, 6);
  assert.deepEqual(points.slice(0, 4), [
    { "a.x": 1, "b.y": 3 },
    { "a.x": 1, "b.y": 4 },
    { "a.x": 1, "b.y": 5 },
    { "a.x": 2, "b.y": 3 },
  ]);
});

test("sampled points are distinct points of the grid, the same for the same seed, and more than the grid has is refused", () => {
  const points = gridPoints(parseGrid("a.x=1,2,3,4;b.y=1,2,3"));
  const drawn = samplePoints(points, 5, 7);
  assert.equal(new Set(drawn.map((p) => JSON.stringify(p))).size, 5);
  for (const p of drawn) assert.ok(points.includes(p));
  assert.deepEqual(samplePoints(points, 5, 7), drawn);
  assert.notDeepEqual(samplePoints(points, 5, 8), drawn);
  assert.throws(() => samplePoints(points, 13, 1), /--samples 13: the grid has only 12 points/);
});

test("a grid field the config does not have is a bad argument (exit 2) that names it", () => {
  for (const path of ["model.expertz", "train.lrr", "train.lr.x", "nothing"]) {
    assert.throws(
      () => configAtPoint(base, { [path]: 1 }),
      (e) => e instanceof MtrecError && e.exitCode === 2 && e.message.includes(`${path} is not a config field`),
    );
  }
  assert.throws(() => configAtPoint(base, { "train.seed": 2 }), /train.seed is set by --seeds/);
});

test("a grid value its field refuses is a bad config naming the point and the field", () => {
  assert.throws(
    () => configAtPoint(base, { "train.lr": -1 }),
    (e) => e instanceof MtrecError && e.exitCode === 2 && /--grid point train.lr=-1: field train.lr/.test(e.message),
  );
});

test("a grid point's config has the point's values and the base config's other fields", () => {
  const c = configAtPoint(base, { "train.lr": 0.01, "model.experts": 8 });
  assert.equal(c.train.lr, 0.01);
  assert.equal(c.model.type === "mmoe" && c.model.experts, 8);
  assert.deepEqual({ ...c, train: base.train, model: base.model }, base);
});

test("numbers cross the queue exactly, NaN and infinities included", () => {
  const value = { auc: Number.NaN, up: Number.POSITIVE_INFINITY, down: -Infinity, x: [0.1 + 0.2, 1e-300, -0] };
  const back = fromWire<typeof value>(JSON.parse(JSON.stringify(toWire(value))));
  assert.ok(Number.isNaN(back.auc));
  assert.equal(back.up, Number.POSITIVE_INFINITY);
  assert.equal(back.down, Number.NEGATIVE_INFINITY);
  assert.deepEqual(back.x.slice(0, 2), [0.1 + 0.2, 1e-300]);
});

test("a job id depends on the content, not on the order of its keys", () => {
  const id = contentJobId("train-run", { a: 1, b: { c: 2, d: [1, 2] } });
  assert.equal(contentJobId("train-run", { b: { d: [1, 2], c: 2 }, a: 1 }), id);
  assert.notEqual(contentJobId("train-run", { a: 1, b: { c: 2, d: [2, 1] } }), id);
  assert.match(id, /^train-run-[0-9a-f]{40}$/);
});

test("prepareData reads no config field that the prepared-data key leaves out, so runs sharing a key share their data rightly", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-prepared-key-"));
  try {
    const path = join(dir, "d.csv");
    await writeSynthMmoeCsv(path, { rows: 200, dim: 4, correlation: 0.5, seed: 1 });
    const config = parseTrainConfig({ data: { path }, labels: ["y1", "y2"], model: { type: "mmoe" } });
    const read = new Set<string>();
    const watch = <T extends object>(o: T, prefix: string): T =>
      new Proxy(o, {
        get(target, key, receiver) {
          if (typeof key === "string") read.add(`${prefix}${key}`);
          const v = Reflect.get(target, key, receiver);
          return key === "train" ? watch(v as object, "train.") : v;
        },
      });
    await prepareData(watch(config, ""), () => {});
    // what preparedKey hashes (src/queue/prepared-cache.ts); "model" only for its propensity column
    const keyed = new Set(
      "data valid validFraction schema labels group exclude positive sparse dense regression leakage model train train.stream train.memoryMB train.chunkRows".split(
        " ",
      ),
    );
    assert.deepEqual(
      [...read].filter((k) => !keyed.has(k)),
      [],
    );
    const other = {
      ...config,
      model: parseTrainConfig({ labels: ["y1"], model: { type: "ple" } }).model,
      train: { ...config.train, lr: 0.5, seed: 9 },
    };
    assert.equal(preparedKey(other), preparedKey(config));
    assert.notEqual(preparedKey({ ...config, validFraction: 0.3 }), preparedKey(config));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("--queue with a URL that is not redis:// or a Redis that does not answer is a bad argument naming the URL and the socket's error", async () => {
  for (const [url, pattern] of [
    ["foo", /--queue foo: not a URL/],
    ["http://127.0.0.1:6379", /not a redis:\/\/ URL/],
    ["redis://127.0.0.1:6379/x", /database "x" is not a number/],
  ] as const) {
    await assert.rejects(openRedis(url), (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && pattern.test(e.message));
  }
  // a port that was free a moment ago: nothing listens there
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  await assert.rejects(
    openRedis(`redis://127.0.0.1:${port}`),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && /cannot reach Redis \(connect ECONNREFUSED/.test(e.message),
  );
});
