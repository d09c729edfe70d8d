import { readFile, rm } from "node:fs/promises";
import autocannon from "autocannon";
import type { BenchResult } from "./result.js";
import { benchRows, startServe, stopServe, trainBenchModel } from "./serve-model.js";

const CONNECTIONS = 64;
const WARMUP_SECONDS = 10;
const LOAD_SECONDS = 60;
const RELOAD_EVERY_MS = 5_000;
const CANDIDATES = 100;
const TOKEN = "bench";
const FUSE = "multiplicative:click=1,buy=2";

/** Resident memory of a process in MB (Linux's /proc). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/**
 * Load and faults on a spawned `mtrec serve` (127.0.0.1 only, bounded): 60 s of /v1/rank at
 * concurrency 64 after a 10 s warm-up, with the server's resident memory sampled every second;
 * then 60 s more with a reload (`POST /admin/reload`) every 5 s. Counts 5xx, non-2xx, dropped
 * connections (autocannon's errors and timeouts) and failed reloads.
 */
export async function serveLoad(): Promise<BenchResult> {
  const { dir, model } = await trainBenchModel();
  const { child, url } = await startServe(model, ["--fuse", FUSE, "--admin-token", TOKEN]);
  const pid = child.pid as number;
  try {
    const body = JSON.stringify({ candidates: benchRows(CANDIDATES, 9) });
    const request = {
      url: `${url}/v1/rank`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      connections: CONNECTIONS,
    };
    await autocannon({ ...request, duration: WARMUP_SECONDS });
    const baseline = await rssMb(pid);
    const samples: number[] = [];
    const sampler = setInterval(() => void rssMb(pid).then((mb) => samples.push(mb)), 1_000);
    const steady = await autocannon({ ...request, duration: LOAD_SECONDS });
    clearInterval(sampler);
    const peak = Math.max(...samples);
    const last = samples.at(-1) as number;

    const reloads = { ok: 0, failed: 0 };
    const pending: Promise<void>[] = [];
    const reloader = setInterval(() => {
      pending.push(
        fetch(`${url}/admin/reload`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } }).then(async (r) => {
          await r.arrayBuffer();
          reloads[r.ok ? "ok" : "failed"]++;
        }),
      );
    }, RELOAD_EVERY_MS);
    const reloading = await autocannon({ ...request, duration: LOAD_SECONDS });
    clearInterval(reloader);
    // a reload asked for near the end finishes after the load; count it all the same
    await Promise.all(pending);
    const summary = (r: Awaited<ReturnType<typeof autocannon>>) => ({
      requests: r.requests.total,
      requestsPerSecond: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      "5xx": r["5xx"],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    });
    return {
      bench: "serve-load",
      results: [
        {
          case: `${LOAD_SECONDS} s of /v1/rank (${CANDIDATES} candidates) at concurrency ${CONNECTIONS}, after ${WARMUP_SECONDS} s of warm-up`,
          mtrec: {
            ...summary(steady),
            rssBaselineMb: Math.round(baseline),
            rssPeakMb: Math.round(peak),
            rssLastMb: Math.round(last),
            rssPeakGrowth: Number((peak / baseline - 1).toFixed(3)),
          },
          reference: null,
          ratio: null,
        },
        {
          case: `${LOAD_SECONDS} s of the same load with a reload every ${RELOAD_EVERY_MS / 1000} s`,
          mtrec: { ...summary(reloading), reloadsAsked: pending.length, reloadsOk: reloads.ok, reloadsFailed: reloads.failed },
          reference: null,
          ratio: null,
        },
      ],
    };
  } finally {
    await stopServe(child);
    await rm(dir, { recursive: true, force: true });
  }
}
