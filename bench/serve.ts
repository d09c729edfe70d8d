import { rm } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { Ajv } from "ajv";
import autocannon from "autocannon";
import ort from "onnxruntime-node";
import { encodeColumns } from "../src/data/encode.js";
import { requestColumns } from "../src/data/request-columns.js";
import { fuse, rankWithin, weightedScores } from "../src/fusion/index.js";
import { rankAnswerJson } from "../src/serve/answer-json.js";
import { rankBodySchema } from "../src/serve/request-schema.js";
import { inputColumns } from "../src/serve/score.js";
import { AJV_OPTIONS } from "../src/serve/server.js";
import { load } from "../src/train/load.js";
import { type BenchResult, median } from "./result.js";
import { asColumns, benchRows, startServe, stopServe, trainBenchModel } from "./serve-model.js";

const CANDIDATES = 1_000;
/** autocannon's run at concurrency 8, in seconds. */
const SECONDS = 10;
/** Pairs of (one request, one raw run) at concurrency 1: enough for a p99 of the 10th-worst. */
const PAIRS = 1_000;
const STAGE_RUNS = 200;
const THREADS = 1;
const FUSION = { type: "multiplicative" as const, weights: { click: 1, buy: 2 } };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

/** Milliseconds of each of `runs` calls of `f` after a warm-up. */
async function timings(f: () => unknown, runs: number): Promise<number[]> {
  for (let i = 0; i < Math.min(50, runs); i++) await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/**
 * `/v1/rank` with 1,000 candidates over loopback HTTP (autocannon, 127.0.0.1, against `mtrec serve` in a
 * process of its own), rows form and columns
 * form: p50 and p99 at concurrency 1, throughput at concurrency 8; against raw onnxruntime-node
 * `session.run` on the same model.onnx with the inputs already encoded, run after each request. Each stage's share of a
 * request is measured in-process on the same body.
 */
export async function serveBench(): Promise<BenchResult> {
  const { dir, model: modelDir } = await trainBenchModel();
  try {
    const model = await load(modelDir, { threads: THREADS });
    const rows = benchRows(CANDIDATES, 9);
    const schema = { ...model.schema, group: undefined };
    const encoded = encodeColumns("bench", requestColumns(schema, rows).columns, schema, { labels: false });

    const session = await ort.InferenceSession.create(join(modelDir, "model.onnx"), { intraOpNumThreads: THREADS, interOpNumThreads: 1 });
    const feeds: Record<string, ort.Tensor> = { dense: new ort.Tensor("float32", encoded.dense, [CANDIDATES, model.schema.dense.length]) };
    model.schema.sparse.forEach((f, i) => {
      feeds[f.name] = new ort.Tensor("int32", encoded.sparse[i] as Int32Array, [CANDIDATES]);
    });

    const { child, url } = await startServe(modelDir, []);
    const results: BenchResult["results"] = [];
    try {
      const forms = [
        ["rows", rows],
        ["columns", asColumns(rows)],
      ].map(([form, candidates]) => ({ form: form as string, body: JSON.stringify({ candidates, fusion: FUSION }) }));
      // Every form's latency at concurrency 1 before any throughput run: a form measured right after
      // the other's 10 s at concurrency 8 met the old generation that flood left behind (its
      // collections landed in that form's p99), so the order of the forms decided their tails.
      const latencies = [];
      for (const { body } of forms) latencies.push(await pairedLatency(`${url}/v1/rank`, body, () => session.run(feeds)));
      for (const [f, { form, body }] of forms.entries()) {
        const request = { url: `${url}/v1/rank`, method: "POST", headers: { "content-type": "application/json" }, body, duration: SECONDS };
        const one = latencies[f] as { service: number[]; raw: number[] };
        const eight = await autocannon({ ...request, connections: 8 });
        const reference = { p50Ms: round(percentile(one.raw, 50)), p99Ms: round(percentile(one.raw, 99)), runs: PAIRS };
        const service = { p50: round(percentile(one.service, 50)), p99: round(percentile(one.service, 99)) };
        const stages = await stageTimes(model, body);
        const total = Object.values(stages).reduce((a, b) => a + b, 0);
        results.push({
          case: `/v1/rank, ${CANDIDATES.toLocaleString("en-US")} candidates as ${form} (${(body.length / 1e6).toFixed(2)} MB)`,
          mtrec: {
            p50Ms: service.p50,
            p99Ms: service.p99,
            p50OverRawP50: round(service.p50 / reference.p50Ms, 2),
            requestsConcurrency1: PAIRS,
            throughputConcurrency8: round(eight.requests.average, 1),
            non2xx: eight.non2xx,
            errors: eight.errors + eight.timeouts,
            stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(v)])),
            stageShare: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(v / total, 3)])),
          },
          reference,
          ratio: round(service.p99 / reference.p99Ms, 2),
        });
      }
    } finally {
      await stopServe(child);
    }
    return { bench: "serve", results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Latency at concurrency 1, paired: each request over a keep-alive connection is followed by one
 * raw `session.run`, so both series are sampled across the same seconds of the same machine (a
 * reference timed before or after the requests met other background load and made the ratio
 * move with it). A reply other than 200 stops the bench.
 */
async function pairedLatency(url: string, body: string, raw: () => Promise<unknown>): Promise<{ service: number[]; raw: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
        res.on("data", () => {});
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`/v1/rank answered ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  try {
    for (let i = 0; i < 50; i++) {
      await post();
      await raw();
    }
    const out = { service: [] as number[], raw: [] as number[] };
    for (let i = 0; i < PAIRS; i++) {
      const t0 = performance.now();
      await post();
      const t1 = performance.now();
      await raw();
      out.service.push(t1 - t0);
      out.raw.push(performance.now() - t1);
    }
    return out;
  } finally {
    agent.destroy();
  }
}

/** Median milliseconds of each stage of one rank request, measured apart on the same body. */
async function stageTimes(model: Awaited<ReturnType<typeof load>>, body: string): Promise<Record<string, number>> {
  const inputs = inputColumns(model);
  const validate = new Ajv({ ...AJV_OPTIONS }).compile(rankBodySchema(inputs, 10_000));
  const parsed = JSON.parse(body) as { candidates: Record<string, number>[] | Record<string, number[]> };
  const schema = { ...model.schema, group: undefined };
  const toColumns = () => requestColumns(schema, parsed.candidates).columns;
  const encoded = encodeColumns("bench", toColumns(), schema, { labels: false });
  const predictions = await model.predict(encoded);
  const requests = { offsets: Int32Array.of(0, CANDIDATES) };
  const fused = fuse(weightedScores(predictions.scores, FUSION.weights), requests, FUSION);
  const order = rankWithin(fused, requests);
  const tasks = model.tasks.map((t) => t.name);
  const reply = () => rankAnswerJson({ model: "0123456789ab", order, scores: predictions.scores, tasks, heads: [], fused });
  return {
    parse: median(await timings(() => JSON.parse(body), STAGE_RUNS)),
    validation: median(await timings(() => validate(parsed), STAGE_RUNS)),
    encoding: median(await timings(() => encodeColumns("bench", toColumns(), schema, { labels: false }), STAGE_RUNS)),
    run: median(await timings(() => model.predict(encoded), STAGE_RUNS)),
    fusion: median(
      await timings(() => rankWithin(fuse(weightedScores(predictions.scores, FUSION.weights), requests, FUSION), requests), STAGE_RUNS),
    ),
    response: median(await timings(reply, STAGE_RUNS)),
  };
}
