import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { test } from "node:test";
import type { Browser } from "puppeteer-core";
import { DENSE_INPUT } from "../src/browser/browser-model.js";
import type { RequestRow } from "../src/data/request-columns.js";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import type { FusionSpec } from "../src/fusion/fuse.js";
import { rank } from "../src/fusion/rank.js";
import { DENSE_COLUMN } from "../src/nn/feature-encoder.js";
import { load } from "../src/train/load.js";
import { train } from "../src/train/trainer.js";
import { launchChromium, watchedPage } from "./helpers/chromium.js";
import { ROOT } from "./helpers/cli.js";

/*
 * The browser export in a real browser: Debian's chromium, driven by puppeteer-core (nothing
 * downloaded), on a page served from 127.0.0.1 that imports "mtrec/browser" through an import
 * map. Its scores are compared with Node's `load(dir).predictFile` on the same rows.
 */

const TOLERANCE = 1e-5;
const FUSION: FusionSpec = { type: "multiplicative", weights: { click: 1, purchase: 2 } };

const SPARSE = ["user_segment", "item_id", "item_category", "price_bucket"];
const DENSE = ["price", "user_age"];
const COLUMNS = [...SPARSE, ...DENSE];

/** The rows to score as CSV text cells (empty = missing), and as a request gives them (numbers as numbers). */
function scoringRows(csv: string, count: number): string[][] {
  const lines = csv.trim().split("\n");
  const header = (lines[0] as string).split(",");
  const at = COLUMNS.map((c) => header.indexOf(c));
  const rows = lines.slice(1, count + 1).map((line) => {
    const cells = line.split(",");
    return at.map((i) => cells[i] as string);
  });
  // values training never saw, and missing ones: the out-of-vocabulary row, the hash of new text, the mean
  rows.push(["77", "i_never_seen", "5", "", "", "0.25"]);
  rows.push(["", "i1", "", "2", "0.5", ""]);
  return rows;
}

function toRequestRow(cells: string[]): RequestRow {
  return Object.fromEntries(
    COLUMNS.map((c, j) => {
      const cell = cells[j] as string;
      if (cell === "") return [c, null];
      // categories that look like numbers arrive as JSON numbers, as a client would send them
      return [c, /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell];
    }),
  );
}

/** The funnel file plus two numeric features derived from its columns: a price and a user's age. */
function withDenseColumns(csv: string): string {
  const lines = csv.trim().split("\n");
  const header = (lines[0] as string).split(",");
  const [user, bucket] = [header.indexOf("user_id"), header.indexOf("price_bucket")];
  const body = lines.slice(1).map((line, i) => {
    const cells = line.split(",");
    const price = Number(cells[bucket]) * 9.5 + (i % 7) * 0.25;
    const age = 18 + (Number((cells[user] as string).slice(1)) % 50);
    return `${line},${price},${age}`;
  });
  return `${lines[0]},price,user_age\n${body.join("\n")}\n`;
}

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".txt": "text/plain",
  ".map": "application/json",
};

/** Serves the page, the compiled package, onnxruntime-web and zod from the repository, and the model directory, on 127.0.0.1. */
async function staticServer(modelDir: string, page: string): Promise<{ server: Server; url: string }> {
  const roots: [string, string][] = [
    ["/dist/", join(ROOT, "dist")],
    ["/node_modules/onnxruntime-web/dist/", join(ROOT, "node_modules/onnxruntime-web/dist")],
    ["/node_modules/zod/", join(ROOT, "node_modules/zod")],
    ["/model/", modelDir],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path === "/" || path === "/index.html") {
      res.writeHead(200, { "content-type": "text/html" }).end(page);
      return;
    }
    // the browser asks for it unprompted; the page has none
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    const root = roots.find(([prefix]) => path.startsWith(prefix));
    const file = root ? normalize(join(root[1], path.slice(root[0].length))) : undefined;
    if (!root || !file || !(file === root[1] || file.startsWith(root[1] + sep))) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const PAGE = `<!doctype html>
<script type="importmap">
{ "imports": {
  "mtrec/browser": "/dist/src/browser/index.js",
  "onnxruntime-web": "/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs",
  "zod": "/node_modules/zod/index.js"
} }
</script>
<script type="module">
  import * as ort from "onnxruntime-web";
  import { loadBrowserModel } from "mtrec/browser";
  // served from this origin, single-threaded: the page is not cross-origin isolated
  ort.env.wasm.wasmPaths = new URL("/node_modules/onnxruntime-web/dist/", location.href).href;
  ort.env.wasm.numThreads = 1;
  window.mtrecBrowser = { loadBrowserModel };
</script>`;

type PageScores = Record<string, number[]>;
interface PageResult {
  tasks: string[];
  rows: PageScores;
  columns: PageScores;
  rank: { order: number[]; fused: number[] };
  rankWithContext: number[];
}

/** Runs in the page: loads the model from the server's URL, scores in both request shapes and ranks. */
async function inPage(
  baseUrl: string,
  rows: RequestRow[],
  columns: Record<string, unknown[]>,
  fusion: FusionSpec,
  context: RequestRow,
  withoutContext: RequestRow[],
): Promise<PageResult> {
  type Model = {
    tasks: { name: string }[];
    score(c: unknown, ctx?: unknown): Promise<Record<string, Float32Array>>;
    rank(c: unknown, f: unknown, o?: unknown): Promise<{ order: Int32Array; fused: Float64Array }>;
  };
  const api = (globalThis as unknown as { mtrecBrowser: { loadBrowserModel(s: unknown): Promise<Model> } }).mtrecBrowser;
  const model = await api.loadBrowserModel({ baseUrl });
  const plain = (s: Record<string, Float32Array>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Array.from(v)]));
  const ranked = await model.rank(rows, fusion);
  return {
    tasks: model.tasks.map((t) => t.name),
    rows: plain(await model.score(rows)),
    columns: plain(await model.score(columns)),
    rank: { order: Array.from(ranked.order), fused: Array.from(ranked.fused) },
    rankWithContext: Array.from((await model.rank(withoutContext, fusion, { context, k: 10 })).order),
  };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

test("the browser's dense input is the name the feature encoder gives the graph", () => {
  assert.equal(DENSE_INPUT, DENSE_COLUMN);
});

test("in headless Chromium, mtrec/browser scores rows and columns as Node's predict does (within 1e-5) and ranks them in Node's order", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-browser-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const data = join(dir, "funnel.csv");
  await writeSynthFunnelCsv(data, { rows: 3_000, seed: 5 });
  await writeFile(data, withDenseColumns(await readFile(data, "utf8")));
  const modelDir = join(dir, "model");
  await train(
    {
      data: { path: data },
      schema: {
        sparse: [
          { name: "user_segment", encoding: "vocab" },
          { name: "item_id", encoding: "hash", buckets: 257 },
          { name: "item_category", encoding: "vocab" },
          { name: "price_bucket", encoding: "vocab" },
        ],
        dense: DENSE.map((name) => ({ name })),
        labels: [
          { name: "click", type: "binary" },
          { name: "purchase", type: "binary" },
          { name: "watch_time", type: "regression" },
        ],
      },
      model: { type: "mmoe", experts: 3, expertHidden: [8], towerHidden: [8] },
      // a label transform, so the inverse that inference applies is part of what is compared
      lossWeighting: { type: "normalize", transform: { watch_time: "log1p" } },
      train: { epochs: 1, threads: 1, seed: 3 },
    },
    { out: modelDir, log: () => {}, warn: () => {}, progress: false },
  );

  const cells = scoringRows(await readFile(data, "utf8"), 200);
  const scoring = join(dir, "score.csv");
  await writeFile(scoring, `${COLUMNS.join(",")}\n${cells.map((r) => r.join(",")).join("\n")}\n`);
  const node = await load(modelDir, { threads: 1 });
  const expected = (await node.predictFile(scoring)).scores;
  const rows = cells.map(toRequestRow);
  const columns = Object.fromEntries(COLUMNS.map((c) => [c, rows.map((r) => r[c] ?? null)]));
  // the same rows with one user segment: given once as context, and written into each row for Node
  const context: RequestRow = { user_segment: 2 };
  const withoutContext = rows.map(({ user_segment: _, ...rest }) => rest);
  const withContext = join(dir, "context.csv");
  const segment = COLUMNS.indexOf("user_segment");
  await writeFile(
    withContext,
    `${COLUMNS.join(",")}\n${cells.map((r) => r.map((v, j) => (j === segment ? "2" : v)).join(",")).join("\n")}\n`,
  );
  const expectedWithContext = (await node.predictFile(withContext)).scores;

  const { server, url } = await staticServer(modelDir, PAGE);
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const browser: Browser = await launchChromium();
  t.after(() => browser.close());
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${url}/`);
  await page.waitForFunction("globalThis.mtrecBrowser !== undefined", { timeout: 30_000 }).catch((err: unknown) => {
    throw new Error(`the page did not load mtrec/browser: ${problems.join("; ") || String(err)}`);
  });
  const got = await page.evaluate(inPage, `${url}/model/`, rows, columns, FUSION, context, withoutContext);

  assert.deepEqual(got.tasks, ["click", "purchase", "watch_time"]);
  assert.deepEqual(Object.keys(got.rows).sort(), Object.keys(expected).sort());
  const differences: Record<string, number> = {};
  for (const [task, want] of Object.entries(expected)) {
    differences[task] = maxDifference(got.rows[task] as number[], want);
    assert.ok((differences[task] as number) <= TOLERANCE, `${task}: browser and Node differ by ${differences[task]}`);
    assert.deepEqual(got.columns[task], got.rows[task], `${task}: the columns form scores as the rows form`);
  }
  // printed for the record: the largest difference per task
  t.diagnostic(`max |browser - node| per task: ${JSON.stringify(differences)}`);
  assert.ok(new Set(got.rows.click).size > 10, "the scores vary across rows, so equal scores mean something");
  assert.deepEqual(got.rank.order, Array.from(rank(expected, FUSION)), "the browser ranks in Node's order");
  assert.equal(got.rank.fused.length, rows.length);
  assert.deepEqual(
    got.rankWithContext,
    Array.from(rank(expectedWithContext, FUSION)).slice(0, 10),
    "context fields apply to every candidate",
  );
  assert.deepEqual(problems, []);
});
