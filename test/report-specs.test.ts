import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { renderSvg } from "../src/report/render.js";
import { ROOT } from "./helpers/cli.js";
import { everyChart } from "./helpers/report-results.js";

/*
 * Every chart's Vega-Lite spec without its rows, against test/snapshots/report-specs.json: a
 * change to a chart shows as a diff of that file. After an intended change, rewrite it with
 * `MTREC_UPDATE_SNAPSHOTS=1 node --test dist/test/report-specs.test.js && npm run format`
 * (Biome lays the JSON out) and review the diff.
 */

const SNAPSHOT = join(ROOT, "test", "snapshots", "report-specs.json");

test("each chart's Vega-Lite spec, without its rows, equals its snapshot in test/snapshots/report-specs.json", async () => {
  const specs = Object.fromEntries(everyChart().map((c) => [c.id, c.spec]));
  if (process.env.MTREC_UPDATE_SNAPSHOTS === "1") await writeFile(SNAPSHOT, `${JSON.stringify(specs, null, 2)}\n`);
  const stored = JSON.parse(await readFile(SNAPSHOT, "utf8")) as Record<string, unknown>;
  assert.deepEqual(Object.keys(specs).sort(), Object.keys(stored).sort(), "a chart was added or removed: update the snapshot");
  for (const [id, spec] of Object.entries(specs))
    assert.deepEqual(spec, stored[id], `chart "${id}" changed: update the snapshot if intended`);
});

test("every chart's spec names its rows instead of holding them, so a snapshot holds no data", () => {
  for (const c of everyChart()) assert.deepEqual((c.spec as { data?: unknown }).data, { name: "rows" }, c.id);
});

test("every chart compiles and renders to an SVG with a title and at least one mark per row", async () => {
  for (const c of everyChart()) {
    const svg = await renderSvg(c);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/, c.id);
    const title = typeof c.spec.title === "string" ? c.spec.title : (c.spec.title as { text: string }).text;
    assert.ok(svg.includes(title.replace(/&/g, "&amp;")), `${c.id}: title "${title}" missing from the SVG`);
    assert.ok(c.rows.length > 0, `${c.id}: no rows`);
  }
});

test("chart ids are unique, since the page and the browser test find charts by them", () => {
  const ids = everyChart().map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
});
