import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { testRedis } from "../test/helpers/redis.js";
import type { BenchResult } from "./result.js";

const exec = promisify(execFile);
const MAIN = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const MODELS = "shared-bottom,mmoe,ple";
const SEEDS = 4;
const JOBS = 3 * SEEDS;

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Seconds of one `mtrec compare` (its own process, as a user runs it) and what it printed. */
async function timedCompare(args: string[]): Promise<{ seconds: number; stdout: string }> {
  const t0 = performance.now();
  const { stdout } = await exec(process.execPath, [MAIN, "compare", ...args], { maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - t0) / 1000, stdout };
}

/** `n` workers, each on one ONNX Runtime thread, ready before the clock starts. */
async function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = spawn(process.execPath, [MAIN, "worker", "--queue", url, "--threads", "1"], {
            stdio: ["ignore", "pipe", "inherit"],
          });
          child.stdout?.on("data", (d: Buffer) => {
            if (d.toString().includes("worker on ")) resolve(child);
          });
          child.on("exit", (code) => reject(new Error(`mtrec worker exited with ${code}`)));
        }),
    ),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.removeAllListeners("exit");
          w.once("exit", () => resolve());
          w.kill("SIGTERM");
        }),
    ),
  );
}

/** Empties the bench's own Redis, so a case does not reattach to the jobs the last one finished. */
async function flush(url: string): Promise<void> {
  const client = new Redis(url);
  await client.flushall();
  await client.quit();
}

/**
 * `mtrec compare` of 3 architectures × 4 seeds (12 training runs of 2 epochs over 30,000 rows
 * of the MMoE paper's synthetic data) run locally, on one worker and on two workers of this
 * machine, each worker on one thread. The speed-up is one worker's time over two workers'; the
 * queue's overhead per job is one worker's time less the local run's, per job. A worker is a
 * process of its own (started before the clock), so the local run is the same work in one process.
 */
export async function queueBench(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-bench-queue-"));
  const redis = await testRedis();
  try {
    const data = join(dir, "mmoe.csv");
    await writeSynthMmoeCsv(data, { rows: 30_000, dim: 16, correlation: 0.5, seed: 1 });
    const config = join(dir, "config.json");
    await writeFile(
      config,
      JSON.stringify({
        data: { path: data },
        schema: {
          dense: Array.from({ length: 16 }, (_, i) => ({ name: `x${i}` })),
          labels: ["y1", "y2"].map((name) => ({ name, type: "regression" })),
        },
        train: { epochs: 2, batchSize: 128, threads: 1, earlyStopping: { patience: 10 } },
      }),
    );
    const args = ["--config", config, "--models", MODELS, "--seeds", String(SEEDS), "--json"];
    const local = await timedCompare(args);
    const queued: Record<number, { seconds: number; stdout: string }> = {};
    for (const n of [1, 2]) {
      await flush(redis.url);
      const workers = await startWorkers(redis.url, n);
      try {
        queued[n] = await timedCompare([...args, "--queue", redis.url]);
      } finally {
        await stopWorkers(workers);
      }
    }
    const one = queued[1] as { seconds: number; stdout: string };
    const two = queued[2] as { seconds: number; stdout: string };
    const equal = one.stdout === local.stdout && two.stdout === local.stdout;
    return {
      bench: "queue",
      results: [
        {
          case: `compare ${MODELS} × ${SEEDS} seeds: two workers against one (ratio: speed-up)`,
          mtrec: { seconds: round(two.seconds), workers: 2, jobs: JOBS, sameNumbersAsLocal: equal },
          reference: { seconds: round(one.seconds), workers: 1 },
          ratio: round(one.seconds / two.seconds),
        },
        {
          case: `compare ${MODELS} × ${SEEDS} seeds: one worker against the local run (ratio below 1: the queue's cost)`,
          mtrec: { seconds: round(one.seconds), overheadPerJobSeconds: round((one.seconds - local.seconds) / JOBS) },
          reference: { seconds: round(local.seconds), local: true },
          ratio: round(local.seconds / one.seconds),
        },
      ],
    };
  } finally {
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
