import assert from "node:assert/strict";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { drawEvidenceCharts, evidenceChart, readEvidence } from "../evidence/charts.js";
import { QUESTION_CHARTS } from "../evidence/question-charts.js";
import { questions } from "../evidence/questions/index.js";
import { MtrecError } from "../src/errors.js";
import { groupedBarsChart, wrapped } from "../src/report/charts/grouped-bars.js";
import { renderSvg } from "../src/report/render.js";
import { ROOT } from "./helpers/cli.js";

/* The charts of docs/evidence.md, drawn from the committed full runs' JSON: no training here. */

const DIR = join(ROOT, "docs", "evidence");

async function resultNames(): Promise<string[]> {
  return (await readdir(DIR))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

const titleOf = (spec: { title?: unknown }): string =>
  typeof spec.title === "string" ? spec.title : (spec.title as { text: string }).text;

test("every question has its result JSON in docs/evidence/ and a chart, and no chart lacks a question", async () => {
  const names = questions.map((q) => q.name).sort();
  assert.deepEqual(await resultNames(), names);
  assert.deepEqual(Object.keys(QUESTION_CHARTS).sort(), names);
});

test("every question's result JSON draws an SVG under 100 KB that contains its chart's title", async () => {
  for (const name of await resultNames()) {
    const file = join(DIR, `${name}.json`);
    const chart = evidenceChart(name, await readEvidence(file), file);
    const svg = await renderSvg(chart);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/, name);
    assert.ok(svg.includes(titleOf(chart.spec).replace(/&/g, "&amp;")), `${name}: title missing from the SVG`);
    assert.ok(Buffer.byteLength(svg) < 100_000, `${name}: ${Buffer.byteLength(svg)} bytes`);
    assert.ok(chart.rows.length >= 2, `${name}: a chart of fewer than 2 values compares nothing`);
  }
});

test("each committed docs/evidence/NAME.svg is what npm run evidence -- --charts draws from its JSON now", async () => {
  for (const name of await resultNames()) {
    const file = join(DIR, `${name}.json`);
    const svg = await renderSvg(evidenceChart(name, await readEvidence(file), file));
    assert.equal(await readFile(join(DIR, `${name}.svg`), "utf8"), svg, `${name}.svg is stale: run npm run evidence -- --charts`);
  }
});

test("drawing a directory's charts writes NAME.svg beside each NAME.json and no other file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-evidence-charts-"));
  try {
    await copyFile(join(DIR, "esmm-ieb.json"), join(dir, "esmm-ieb.json"));
    await copyFile(join(DIR, "tower-gradients.json"), join(dir, "tower-gradients.json"));
    const written = await drawEvidenceCharts(dir);
    assert.deepEqual(written, [join(dir, "esmm-ieb.svg"), join(dir, "tower-gradients.svg")]);
    assert.deepEqual((await readdir(dir)).sort(), ["esmm-ieb.json", "esmm-ieb.svg", "tower-gradients.json", "tower-gradients.svg"]);
    assert.equal(await readFile(join(dir, "esmm-ieb.svg"), "utf8"), await readFile(join(DIR, "esmm-ieb.svg"), "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a result file without a metric its chart reads is a bad-data error naming the file and the key path", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-evidence-charts-"));
  try {
    const file = join(dir, "imputation-aux-vs-dr.json");
    const numbers = { "selection bias 1": { "multi-ipw": { ieb: { mean: 0.01, std: 0.001 } } } };
    await writeFile(file, JSON.stringify({ question: "q", answer: "a", numbers, seeds: [1, 2, 3], command: "c" }));
    const e = await readEvidence(file);
    assert.throws(
      () => evidenceChart("imputation-aux-vs-dr", e, file),
      (err: unknown) =>
        err instanceof MtrecError &&
        err.code === "BAD_DATA" &&
        err.message.includes(file) &&
        err.message.includes("selection bias 1 → multi-ipw → cvrAucD"),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a result file that is not --json's shape is a bad-data error naming the file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-evidence-charts-"));
  try {
    const file = join(dir, "esmm-ieb.json");
    await writeFile(file, JSON.stringify({ question: "q" }));
    await assert.rejects(
      readEvidence(file),
      (err: unknown) => err instanceof MtrecError && err.code === "BAD_DATA" && err.message.includes(file),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a wrapped label keeps every word in order, on lines no longer than the width unless one word is", () => {
  const label = "escm2-dr, PaddleRec's loss: ê and e not detached, p̂ neither clipped nor stopped";
  const lines = wrapped(label, 20).split("\n");
  assert.equal(lines.join(" "), label);
  assert.ok(lines.length > 1);
  for (const line of lines) assert.ok(line.length <= 20 || !line.includes(" "), line);
});

test("grouped bars leave a NaN mean out instead of drawing it as 0", () => {
  const chart = groupedBarsChart(
    [
      { panel: "p", category: "a", series: "", mean: Number.NaN, std: 0 },
      { panel: "p", category: "b", series: "", mean: 0.5, std: Number.NaN },
    ],
    { title: "t", valueTitle: "v", bars: true },
  );
  assert.deepEqual(
    chart.rows.map((r) => [r.category, r.low, r.high]),
    [["b", 0.5, 0.5]],
  );
});
