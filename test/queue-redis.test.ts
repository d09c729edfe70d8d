import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { mtrec } from "./helpers/cli.js";
import { startWorker, type WorkerProcess } from "./helpers/queue-worker.js";
import { type TestRedis, testRedis } from "./helpers/redis.js";

/**
 * The queue against a real redis-server (see helpers/redis.ts) and two `mtrec worker`
 * processes: queued runs give the local runs' numbers, a killed worker's job is finished by the
 * other, a bad job fails once with its error. Data are tiny: 1 epoch on a few hundred rows.
 */

let redis: TestRedis;
let dir: string;
let workers: WorkerProcess[] = [];

/** A config over `rows` rows of the MMoE paper's synthetic data (4 inputs), one thread, no early stop. */
async function dataAndConfig(name: string, rows: number, epochs: number, batchSize = 100): Promise<string> {
  const data = join(dir, `${name}.csv`);
  await writeSynthMmoeCsv(data, { rows, dim: 4, correlation: 0.5, seed: 1 });
  const config = join(dir, `${name}.json`);
  const schema = {
    dense: [0, 1, 2, 3].map((i) => ({ name: `x${i}` })),
    labels: ["y1", "y2"].map((name) => ({ name, type: "regression" })),
  };
  await writeFile(
    config,
    JSON.stringify({
      data: { path: data },
      schema,
      model: { type: "mmoe", experts: 2, expertHidden: [8] },
      train: { epochs, batchSize, threads: 1, earlyStopping: { patience: 100 } },
    }),
  );
  return config;
}

const runsOf = (w: WorkerProcess) =>
  w
    .output()
    .split("\n")
    .filter((l) => l.startsWith("running "));

before(async () => {
  redis = await testRedis();
  dir = await mkdtemp(join(tmpdir(), "mtrec-queue-"));
  workers = [await startWorker(redis.url), await startWorker(redis.url)];
});

after(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("a queued compare prints the local compare's JSON, number for number, and a restart runs nothing again", async () => {
  const config = await dataAndConfig("compare", 300, 1);
  const args = ["compare", "--config", config, "--models", "shared-bottom,mmoe", "--seeds", "2", "--json"];
  const local = await mtrec(...args);
  assert.equal(local.code, 0, local.stderr);
  const queued = await mtrec(...args, "--queue", redis.url);
  assert.equal(queued.code, 0, queued.stderr);
  assert.deepEqual(JSON.parse(queued.stdout), JSON.parse(local.stdout));
  assert.match(queued.stderr, /queue: 4 done, 0 running, 0 failed, 0 waiting \(of 4\)/);
  const ran = workers.flatMap(runsOf).length;
  const again = await mtrec(...args, "--queue", redis.url);
  assert.equal(again.stdout, queued.stdout);
  assert.equal(workers.flatMap(runsOf).length, ran, "the restarted command reattached to the finished jobs");
});

test("a queued sweep prints the local sweep's JSON and writes the same best config", async () => {
  const config = await dataAndConfig("sweep", 300, 1);
  const args = (out: string) => [
    "sweep",
    "--config",
    config,
    "--grid",
    "train.lr=0.001,0.01;model.experts=2,3",
    "--seeds",
    "2",
    "--json",
    "--out",
    out,
  ];
  const local = await mtrec(...args(join(dir, "best-local.json")));
  assert.equal(local.code, 0, local.stderr);
  const queued = await mtrec(...args(join(dir, "best-queued.json")), "--queue", redis.url);
  assert.equal(queued.code, 0, queued.stderr);
  assert.deepEqual(JSON.parse(queued.stdout), JSON.parse(local.stdout));
  assert.equal(JSON.parse(local.stdout).points.length, 4);
  assert.equal(await readFile(join(dir, "best-queued.json"), "utf8"), await readFile(join(dir, "best-local.json"), "utf8"));
});

test("a queued predict writes one file per shard equal to the local predict's, and a second run skips them", async () => {
  const config = await dataAndConfig("predict", 300, 1);
  const model = join(dir, "model");
  assert.equal((await mtrec("train", "--config", config, "--out", model)).code, 0);
  const shards = join(dir, "shards");
  await mkdir(shards);
  const lines = (await readFile(join(dir, "predict.csv"), "utf8")).trim().split("\n");
  await writeFile(join(shards, "a.csv"), `${lines.slice(0, 101).join("\n")}\n`);
  await writeFile(join(shards, "b.csv"), `${[lines[0], ...lines.slice(101, 201)].join("\n")}\n`);
  const out = join(dir, "scored");
  const queued = await mtrec("predict", "--model", model, "--data", join(shards, "*.csv"), "--out", out, "--queue", redis.url);
  assert.equal(queued.code, 0, queued.stderr);
  assert.deepEqual(await readdir(out), ["a.csv", "b.csv"]);
  for (const shard of ["a", "b"]) {
    const local = join(dir, `${shard}-local.csv`);
    assert.equal((await mtrec("predict", "--model", model, "--data", join(shards, `${shard}.csv`), "--out", local)).code, 0);
    assert.equal(await readFile(join(out, `${shard}.csv`), "utf8"), await readFile(local, "utf8"));
  }
  const again = await mtrec("predict", "--model", model, "--data", join(shards, "*.csv"), "--out", out, "--queue", redis.url);
  assert.match(again.stdout, /wrote 0 shards .*2 already scored, skipped/);
});

test("a job that fails on bad input fails once, and the command prints its error with the local exit code", async () => {
  const config = await dataAndConfig("bad", 300, 1);
  const data = join(dir, "bad.csv");
  const lines = (await readFile(data, "utf8")).split("\n");
  // a text value in a dense column: bad data, which a retry cannot mend
  lines[5] = `abc${(lines[5] as string).slice((lines[5] as string).indexOf(","))}`;
  await writeFile(data, lines.join("\n"));
  const args = ["compare", "--config", config, "--models", "mmoe", "--seeds", "1", "--json"];
  const local = await mtrec(...args);
  assert.equal(local.code, 3, local.stderr);
  const before = workers.flatMap(runsOf).length;
  const queued = await mtrec(...args, "--queue", redis.url);
  assert.equal(queued.code, local.code, queued.stderr);
  assert.match(queued.stderr, /1 of 1 jobs failed:\n {2}mmoe seed 1: mtrec: .*bad\.csv.*abc/);
  const runs = workers.flatMap(runsOf).slice(before);
  assert.equal(runs.length, 1, `one attempt only: ${runs.join("; ")}`);
});

test("a worker sent SIGTERM in the middle of a job finishes it, then exits 0", async () => {
  const config = await dataAndConfig("term", 1000, 4, 32);
  const counts = workers.map((w) => runsOf(w).length);
  const queued = mtrec("compare", "--config", config, "--models", "mmoe", "--seeds", "1", "--json", "--queue", redis.url);
  let taker = -1;
  for (let i = 0; i < 600 && taker < 0; i++) {
    taker = workers.findIndex((w, k) => runsOf(w).length > (counts[k] as number));
    if (taker < 0) await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(taker >= 0, "a worker took the job");
  const worker = workers[taker] as WorkerProcess;
  worker.child.kill("SIGTERM");
  assert.equal(await worker.exited, 0);
  const id = /running train-run (\S+):/.exec(runsOf(worker).at(-1) ?? "")?.[1];
  const lines = worker.output().split("\n");
  assert.ok(lines.indexOf(`worker stopped`) > lines.findIndex((l) => l.startsWith(`done train-run ${id} `)), worker.output());
  assert.ok(
    lines.some((l) => l.startsWith(`done train-run ${id} `)),
    worker.output(),
  );
  assert.equal((await queued).code, 0);
  workers[taker] = await startWorker(redis.url);
});

test("a worker killed with SIGKILL in the middle of a job loses nothing: the other worker finishes it with the same numbers", async () => {
  // 10 epochs of 2,000 rows in batches of 32: seconds of work, so the kill lands inside the job
  const config = await dataAndConfig("kill", 2000, 10, 32);
  const args = ["compare", "--config", config, "--models", "mmoe", "--seeds", "1", "--json"];
  const local = await mtrec(...args);
  assert.equal(local.code, 0, local.stderr);
  const counts = workers.map((w) => runsOf(w).length);
  const queued = mtrec(...args, "--queue", redis.url);
  // whichever worker takes the job is killed as soon as it says it runs it
  let victim: number | undefined;
  for (let i = 0; i < 600 && victim === undefined; i++) {
    victim = workers.findIndex((w, k) => runsOf(w).length > (counts[k] as number));
    if (victim < 0) victim = undefined;
    else (workers[victim] as WorkerProcess).child.kill("SIGKILL");
    if (victim === undefined) await new Promise((r) => setTimeout(r, 20));
  }
  assert.notEqual(victim, undefined, "a worker took the job");
  const result = await queued;
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), JSON.parse(local.stdout));
  const survivor = workers[1 - (victim as number)] as WorkerProcess;
  assert.match(runsOf(survivor).at(-1) ?? "", /\(attempt 2\)$/, survivor.output());
});
