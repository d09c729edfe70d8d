import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { encode, encodeColumns } from "../src/data/encode.js";
import { fitSchema } from "../src/data/fit.js";
import { synthFunnel } from "../src/data/synth/funnel.js";
import { funnelCsv } from "../src/data/synth/funnel-csv.js";
import { drawFunnelRequests, drawFunnelResponses, funnelFeatureColumns } from "../src/data/synth/funnel-requests.js";
import { buildFunnelWorld, partsAt } from "../src/data/synth/funnel-world.js";
import { Rng } from "../src/nn/rng.js";

const options = { rows: 20_000, seed: 4, selectionBias: 1, hiddenConfounding: 0.5 };

test("the world built from synth options gives every exposure of the file exactly its truth_ctr and truth_cvr", () => {
  const data = synthFunnel(options);
  const { world, sample } = buildFunnelWorld(options);
  for (let r = 0; r < data.rows; r++) {
    const truth = world.truthOf(partsAt(sample, r));
    assert.equal(sample.userId[r], data.userId[r]);
    assert.equal(sample.itemId[r], data.itemId[r]);
    assert.equal(truth.ctr, data.truthCtr[r]);
    assert.equal(truth.cvr, data.truthCvr[r]);
  }
});

test("live requests hold distinct items, repeat with their seed, and have the file's click and conversion rates", () => {
  const { world } = buildFunnelWorld(options);
  const a = drawFunnelRequests(world, new Rng(8), { requests: 2_000, candidates: 20 });
  const b = drawFunnelRequests(world, new Rng(8), { requests: 2_000, candidates: 20 });
  assert.deepEqual(a, b);
  for (let r = 0; r < a.requests; r++) {
    const items = a.itemId.subarray(r * 20, r * 20 + 20);
    assert.equal(new Set(items).size, 20, `request ${r} repeats an item`);
    assert.equal(new Set(a.userId.subarray(r * 20, r * 20 + 20)).size, 1);
    assert.equal(a.segment[r], world.population.userSegment[a.userId[r * 20]!]);
  }
  // candidates are drawn by popularity like the file's exposures (distinctness aside): the means stay near ctr = cvr = 0.1
  const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
  assert.ok(Math.abs(mean(a.ctr) - 0.1) < 0.01, `mean ctr ${mean(a.ctr)}`);
  assert.ok(Math.abs(mean(a.cvr) - 0.1) < 0.01, `mean cvr ${mean(a.cvr)}`);
  const responses = drawFunnelResponses(new Rng(2), a);
  const clickRate = responses.click.reduce((s, v) => s + v, 0) / responses.click.length;
  assert.ok(Math.abs(clickRate - mean(a.ctr)) < 0.01, `click rate ${clickRate} against mean ctr ${mean(a.ctr)}`);
  assert.ok(
    responses.purchase.every((p, j) => p <= responses.click[j]!),
    "a purchase without a click",
  );
});

test("a request cannot ask for more candidates than there are items", () => {
  const { world } = buildFunnelWorld({ rows: 100, items: 30, seed: 1 });
  assert.throws(() => drawFunnelRequests(world, new Rng(1), { requests: 1, candidates: 31 }), {
    code: "BAD_ARGUMENT",
    message: /candidates per request must be a whole number in \[1, items = 30\], got 31/,
  });
});

test("candidates encoded in memory get the same ids as the same rows read from the file", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-world-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "funnel.csv");
  const small = { rows: 3_000, seed: 5 };
  await writeFile(path, funnelCsv(synthFunnel(small)));
  const fitted = await fitSchema(
    { path },
    {
      sparse: ["user_id", "user_segment", "item_id", "item_category"].map((name) => ({ name, encoding: "vocab" as const })),
      dense: [{ name: "price_bucket" }],
      labels: [{ name: "click", type: "binary" }],
    },
  );
  const fromFile = await encode({ path }, fitted, { labels: false });
  const { world, sample } = buildFunnelWorld(small);
  const asRequests = {
    requests: sample.rows,
    candidates: 1,
    userId: sample.userId,
    itemId: sample.itemId,
    segment: new Int32Array(sample.rows),
    ctr: new Float64Array(sample.rows),
    cvr: new Float64Array(sample.rows),
  };
  const inMemory = encodeColumns("candidates", funnelFeatureColumns(world, asRequests), fitted, { labels: false });
  assert.deepEqual(inMemory.sparse, fromFile.sparse);
  assert.deepEqual(inMemory.dense, fromFile.dense);
  assert.throws(() => encodeColumns("candidates", { user_id: ["u1"] }, fitted, { labels: false }), {
    code: "BAD_DATA",
    message: /candidates: no column "user_segment"/,
  });
  assert.throws(() => encodeColumns("candidates", { a: ["x", "y"], b: Float64Array.of(1) }, fitted), {
    message: /candidates: column "b" has 1 rows, "a" has 2/,
  });
});
