import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "puppeteer-core";
import { estimateAte, weightsOf } from "../src/causal/ate.js";
import { fitLogistic } from "../src/causal/estimators/index.js";
import { synthConfounded } from "../src/data/synth/confounded.js";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { fuse, rankWithin } from "../src/fusion/fuse.js";
import { evaluateFusion } from "../src/fusion/offline.js";
import type { FusionType, TuneInput } from "../src/fusion/tune.js";
import { tuneLogged } from "../src/fusion/tune-logged.js";
import { Rng } from "../src/nn/rng.js";
import { causalReport } from "../src/report/causal-report.js";
import { compareReport } from "../src/report/compare-report.js";
import { tuneReport } from "../src/report/fusion-report.js";
import type { SliderData } from "../src/report/fusion-sliders.js";
import { modelReport } from "../src/report/model-report.js";
import { pageHtml, type Page as ReportPage } from "../src/report/page.js";
import { train } from "../src/train/trainer.js";
import { closeServer, launchChromium, serveHtml, watchedPage } from "./helpers/chromium.js";
import { COMPARISON } from "./helpers/report-results.js";

/*
 * Reports opened in Debian's headless chromium (puppeteer-core, nothing downloaded), served
 * from 127.0.0.1: one browser for the whole file.
 */

let browser: Browser;
let dir: string;
let mmoeDir: string;
let esmmDir: string;

before(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), "mtrec-report-browser-"));
  const data = join(dir, "funnel.csv");
  await writeSynthFunnelCsv(data, { rows: 2_000, selectionBias: 1, seed: 2 });
  const quiet = { log: () => {}, warn: () => {}, progress: false };
  const common = {
    data: { path: data },
    labels: ["click", "purchase"],
    exclude: ["action", "watch_time", "share"],
    train: { epochs: 2, threads: 1, seed: 1, batchSize: 256 },
  };
  mmoeDir = join(dir, "mmoe");
  await train({ ...common, model: { type: "mmoe", experts: 3, expertHidden: [8], towerHidden: [4] } }, { out: mmoeDir, ...quiet });
  esmmDir = join(dir, "esmm");
  await train({ ...common, model: { type: "esmm" } }, { out: esmmDir, ...quiet });
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a report page; the caller checks `problems` (uncaught errors and console errors). */
async function open(report: ReportPage): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const { server, url } = await serveHtml(await pageHtml(report));
  const { page, problems } = await watchedPage(browser);
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  return {
    page,
    problems,
    close: async () => {
      await page.close();
      await closeServer(server);
    },
  };
}

/** Each figure's chart id, with how many drawn marks (paths, rects, symbols) its SVG holds. */
function chartsIn(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("figure[data-chart]")].map((f) => [
        f.getAttribute("data-chart"),
        f.querySelectorAll("svg .mark-line path, svg .mark-rect path, svg .mark-symbol path, svg .mark-rule line, svg .mark-text text")
          .length,
      ]),
    ),
  );
}

/** The share of the screenshot's pixels that are not near-white, counted by the page itself on a canvas. */
async function inkShare(page: Page): Promise<number> {
  const png = await page.screenshot({ encoding: "base64" });
  return page.evaluate(async (b64: string) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) if ((px[i] as number) < 235 || (px[i + 1] as number) < 235 || (px[i + 2] as number) < 235) ink++;
    return ink / (px.length / 4);
  }, png);
}

test("in headless Chromium, a model's report opens without console errors, draws every chart with marks, and its screenshot is not blank", async () => {
  const { page, problems, close } = await open(await modelReport(mmoeDir));
  try {
    const charts = await chartsIn(page);
    assert.deepEqual(Object.keys(charts).sort(), ["gate-usage", "loss-per-step", "metric-per-epoch", "reliability", "score-histogram"]);
    for (const [id, marks] of Object.entries(charts)) assert.ok(marks > 0, `chart ${id} has no marks`);
    const ink = await inkShare(page);
    assert.ok(ink > 0.03, `only ${(ink * 100).toFixed(2)} % of the screenshot is not white`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the click AUC the model's page shows is metrics.json's, in full in data-value and to 4 decimals in the text", async () => {
  const metrics = JSON.parse(await readFile(join(mmoeDir, "metrics.json"), "utf8"));
  const { page, close } = await open(await modelReport(mmoeDir));
  try {
    const cell = await page.$eval('[data-metric="valid.tasks.click.auc"]', (td) => ({
      value: td.getAttribute("data-value"),
      text: td.textContent,
    }));
    assert.equal(Number(cell.value), metrics.valid.tasks.click.auc);
    assert.equal(cell.text, metrics.valid.tasks.click.auc.toFixed(4));
  } finally {
    await close();
  }
});

test("a funnel model's page shows IEB equal to metrics.json and draws the pCVR calibration by sample space", async () => {
  const metrics = JSON.parse(await readFile(join(esmmDir, "metrics.json"), "utf8"));
  const { page, problems, close } = await open(await modelReport(esmmDir));
  try {
    const ieb = await page.$eval('[data-metric="valid.cvr.ieb"]', (td) => Number(td.getAttribute("data-value")));
    assert.equal(ieb, metrics.valid.cvr.ieb);
    assert.ok(((await chartsIn(page))["funnel-calibration"] ?? 0) > 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** Logged requests: 80 of 12 candidates, two tasks whose labels follow their scores. */
function loggedRequests(): TuneInput {
  const rng = new Rng(7);
  const n = 80 * 12;
  const scores = { click: new Float64Array(n), purchase: new Float64Array(n) };
  const labels = { click: new Float64Array(n), purchase: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    scores.click[i] = Math.fround(rng.uniform());
    scores.purchase[i] = Math.fround(rng.uniform() * 0.3);
    labels.click[i] = rng.uniform() < (scores.click[i] as number) ? 1 : 0;
    labels.purchase[i] = labels.click[i] === 1 && rng.uniform() < 2 * (scores.purchase[i] as number) ? 1 : 0;
  }
  return { scores, labels, requests: { offsets: Int32Array.from({ length: 81 }, (_, r) => r * 12) } };
}

async function fusionPage(type: FusionType): Promise<ReportPage> {
  const input = loggedRequests();
  const options = { fusion: type, k: 5, values: { click: 1, purchase: 5 }, objective: { kind: "value" as const }, seed: 1, holdout: 0.5 };
  const evaluations: { weights: Record<string, number>; objective: number }[] = [];
  const report = await tuneLogged(input, {
    ...options,
    method: "cem",
    rounds: 3,
    onEvaluate: (weights, objective) => evaluations.push({ weights: { ...weights }, objective }),
  });
  return tuneReport({ input, options, report, evaluations: evaluations.slice(0, report.evaluations), what: "test" });
}

test("the fusion sliders rank the embedded requests exactly as src/fusion's fuse and rankWithin do, for every fusion type", async () => {
  for (const type of ["multiplicative", "additive", "rank"] as const) {
    const { page, problems, close } = await open(await fusionPage(type));
    try {
      const d = await page.$eval("#report-data", (s) => (JSON.parse(s.textContent ?? "") as { fusion: SliderData }).fusion);
      const requests = { offsets: Int32Array.from(d.offsets) };
      const scores = Object.fromEntries(d.tasks.map((t) => [t, Float64Array.from(d.scores[t] as number[])]));
      for (const weights of [d.weights, { click: 1, purchase: 1 }, { click: 0.3, purchase: 2.7 }, { click: 2, purchase: 0 }]) {
        const inPage = await page.evaluate(
          (w) => (globalThis as unknown as { mtrecFusion: { rank(w: unknown): number[] } }).mtrecFusion.rank(w),
          weights,
        );
        assert.deepEqual(
          inPage,
          Array.from(rankWithin(fuse(scores, requests, { type, weights }), requests)),
          `${type} ${JSON.stringify(weights)}`,
        );
      }
      assert.deepEqual(problems, [], type);
    } finally {
      await close();
    }
  }
});

test("moving a slider re-ranks in the page and shows src/fusion's NDCG and value for the new weights", async () => {
  const { page, problems, close } = await open(await fusionPage("multiplicative"));
  try {
    const d = await page.$eval("#report-data", (s) => (JSON.parse(s.textContent ?? "") as { fusion: SliderData }).fusion);
    // within the slider's range, and not where it started
    const moved = d.max * 0.9;
    await page.$eval(
      "#weight-purchase",
      (input, value) => {
        (input as HTMLInputElement).value = String(value);
        input.dispatchEvent(new Event("input"));
      },
      moved,
    );
    const weights = { ...d.weights, purchase: moved };
    const inPage = await page.evaluate(() =>
      (globalThis as unknown as { mtrecFusion: { weights(): Record<string, number> } }).mtrecFusion.weights(),
    );
    assert.deepEqual(inPage, weights);
    const requests = { offsets: Int32Array.from(d.offsets) };
    const scores = Object.fromEntries(d.tasks.map((t) => [t, Float64Array.from(d.scores[t] as number[])]));
    const labels = Object.fromEntries(d.tasks.map((t) => [t, d.labels[t] as number[]]));
    const want = evaluateFusion(fuse(scores, requests, { type: "multiplicative", weights }), requests, labels, {
      k: d.k,
      values: d.values,
    });
    const shown = await page.evaluate(() => ({
      ndcg: document.querySelector('[data-live="ndcg.purchase"]')?.textContent,
      value: document.querySelector('[data-live="value"]')?.textContent,
    }));
    assert.equal(shown.ndcg, (want.ndcg.purchase as number).toFixed(4));
    assert.equal(shown.value, want.value.toFixed(4));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the comparison and causal pages open without console errors and draw every chart", async () => {
  const { x, columns, t, y } = synthConfounded({ rows: 1_500, seed: 3 });
  const data = { x, covariates: Array.from({ length: columns }, (_, j) => `x${j + 1}`), t, y };
  const estimate = estimateAte(data, { method: "dr", l2: 1, replicates: 20, seed: 1 });
  const propensity = fitLogistic(x, columns, t, { l2: 1 }).predict(x);
  const causal = causalReport({
    data,
    propensity,
    weights: weightsOf("dr", t, propensity),
    balance: estimate.diagnostics,
    estimate,
    what: "test",
  });
  for (const [report, want] of [
    [compareReport(COMPARISON, 3, "test"), ["compare-metrics"]],
    [causal, ["estimates", "love-plot", "propensity-overlap", "weight-distribution"]],
  ] as const) {
    const { page, problems, close } = await open(report);
    try {
      const charts = await chartsIn(page);
      assert.deepEqual(Object.keys(charts).sort(), [...want]);
      for (const [id, marks] of Object.entries(charts)) assert.ok(marks > 0, `chart ${id} has no marks`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});
