import type { ChildProcess } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { encodeColumns } from "../src/data/encode.js";
import { requestColumns } from "../src/data/request-columns.js";
import { load } from "../src/train/load.js";
import type { BenchResult } from "./result.js";
import { asColumns, benchRows, startServe } from "./serve-model.js";

/*
 * Two builds of `mtrec serve` side by side on one model, for a change to the service: requests
 * alternate between the two servers, each followed by one raw `session.run` as in the serve
 * bench's pairing, so both builds meet the same load over the same seconds. On a machine others
 * share, a comparison made this way holds where two runs of the whole bench do not. Not a bench
 * of bench/run.ts (it needs two builds); the serve section of bench/README.md gives its numbers.
 *
 *   node dist/bench/serve-pair.js MODEL_DIR columns|rows PAIRS OLD/dist/src/cli/main.js NEW/dist/src/cli/main.js
 *
 * prints the serve bench's shape: per build its p50, p90 and p99, and `ratio`, p99 over the raw p99.
 */

const CANDIDATES = 1_000;
const FUSION = { type: "multiplicative" as const, weights: { click: 1, buy: 2 } };

interface Server {
  child: ChildProcess;
  url: string;
  agent: Agent;
}

async function start(cli: string, model: string): Promise<Server> {
  const { child, url } = await startServe(model, [], cli);
  return { child, url: `${url}/v1/rank`, agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
}

function post(server: Server, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server.url, { method: "POST", agent: server.agent, headers: { "content-type": "application/json" } }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => {
        bytes += d.length;
      });
      res.on("end", () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`/v1/rank answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

async function main([model, form, pairsArg, ...clis]: string[]): Promise<void> {
  if (!model || (form !== "rows" && form !== "columns") || clis.length !== 2)
    throw new Error("usage: node dist/bench/serve-pair.js MODEL_DIR columns|rows PAIRS OLD_CLI NEW_CLI");
  const pairs = Number(pairsArg ?? 400);
  const rows = benchRows(CANDIDATES, 9);
  const body = JSON.stringify({ candidates: form === "rows" ? rows : asColumns(rows), fusion: FUSION });
  const loaded = await load(model, { threads: 1 });
  const schema = { ...loaded.schema, group: undefined };
  const encoded = encodeColumns("bench", requestColumns(schema, rows).columns, schema, { labels: false });
  const session = await ort.InferenceSession.create(join(model, "model.onnx"), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const feeds: Record<string, ort.Tensor> = { dense: new ort.Tensor("float32", encoded.dense, [CANDIDATES, schema.dense.length]) };
  schema.sparse.forEach((f, i) => {
    feeds[f.name] = new ort.Tensor("int32", encoded.sparse[i] as Int32Array, [CANDIDATES]);
  });
  const servers = await Promise.all(clis.map((cli) => start(cli, model)));
  try {
    const answerBytes = [0, 0];
    for (let i = 0; i < 50; i++) {
      for (const k of [0, 1]) {
        answerBytes[k] = await post(servers[k] as Server, body);
        await session.run(feeds);
      }
    }
    const samples = servers.map(() => ({ service: [] as number[], raw: [] as number[] }));
    for (let i = 0; i < pairs; i++) {
      // which build goes first alternates, so neither always follows the other's raw run
      for (const k of i % 2 ? [1, 0] : [0, 1]) {
        const t0 = performance.now();
        await post(servers[k] as Server, body);
        const t1 = performance.now();
        await session.run(feeds);
        samples[k]?.service.push(t1 - t0);
        samples[k]?.raw.push(performance.now() - t1);
      }
    }
    const round = (x: number) => Number(x.toFixed(2));
    const result: BenchResult = {
      bench: "serve-pair",
      results: samples.map((s, k) => ({
        case: `/v1/rank, ${CANDIDATES.toLocaleString("en-US")} candidates as ${form}, ${clis[k]}`,
        mtrec: {
          p50Ms: round(percentile(s.service, 50)),
          p90Ms: round(percentile(s.service, 90)),
          p99Ms: round(percentile(s.service, 99)),
          p50OverRawP50: round(percentile(s.service, 50) / percentile(s.raw, 50)),
          answerBytes: answerBytes[k],
          pairs,
        },
        reference: { p50Ms: round(percentile(s.raw, 50)), p99Ms: round(percentile(s.raw, 99)) },
        ratio: round(percentile(s.service, 99) / percentile(s.raw, 99)),
      })),
    };
    console.log(JSON.stringify(result));
  } finally {
    for (const s of servers) {
      s.agent.destroy();
      s.child.kill("SIGTERM");
    }
  }
}

await main(process.argv.slice(2));
