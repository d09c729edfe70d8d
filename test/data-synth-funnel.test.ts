import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { inferSchema } from "../src/data/infer-schema.js";
import { type FunnelData, funnelRates, type SynthFunnelOptions, synthFunnel, writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { MtrecError } from "../src/errors.js";

// At 50,000 exposures and CTR 0.1 a click rate has a standard error of 0.0013, and a CVR
// measured on the ~5,000 clicked rows one of 0.0042: tolerances below are 3–4 of those.
const ROWS = 50_000;
const cache = new Map<string, FunnelData>();
function funnel(opts: Omit<SynthFunnelOptions, "rows">): FunnelData {
  const key = JSON.stringify(opts);
  if (!cache.has(key)) cache.set(key, synthFunnel({ rows: ROWS, ...opts }));
  return cache.get(key) as FunnelData;
}

function mean(values: ArrayLike<number>, where?: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let r = 0; r < values.length; r++) {
    if (where !== undefined && where[r] === 0) continue;
    s += values[r] as number;
    n++;
  }
  return s / n;
}

test("the click rate and the mean truth_cvr match the configured ctr and cvr", () => {
  for (const opts of [
    { seed: 1 },
    { seed: 2, ctr: 0.3, cvr: 0.05, selectionBias: 1, hiddenConfounding: 1 },
    { seed: 3, ctr: 0.02, cvr: 0.4, selectionBias: 0 },
  ]) {
    const data = funnel(opts);
    const ctr = opts.ctr ?? 0.1;
    const cvr = opts.cvr ?? 0.1;
    // the intercepts are solved on the population, so the truth means are exact
    assert.ok(Math.abs(mean(data.truthCtr) - ctr) < 1e-9, `seed ${opts.seed}: mean truth_ctr ${mean(data.truthCtr)}`);
    assert.ok(Math.abs(mean(data.truthCvr) - cvr) < 1e-9, `seed ${opts.seed}: mean truth_cvr ${mean(data.truthCvr)}`);
    const se = Math.sqrt((ctr * (1 - ctr)) / ROWS);
    assert.ok(Math.abs(mean(data.click) - ctr) < 4 * se, `seed ${opts.seed}: click rate ${mean(data.click)} for ctr ${ctr}`);
  }
});

test("the empirical means of click and truth_r match the means of truth_ctr and truth_cvr", () => {
  const data = funnel({ seed: 4, selectionBias: 1, hiddenConfounding: 0.5 });
  assert.ok(Math.abs(mean(data.click) - mean(data.truthCtr)) < 0.005);
  assert.ok(Math.abs(mean(data.truthR) - mean(data.truthCvr)) < 0.005);
  assert.ok(Math.abs(mean(data.purchase) - mean(data.truthCtcvr)) < 0.002);
});

test("there is no action, purchase, share or watch time without a click", () => {
  const data = funnel({ seed: 5, selectionBias: 1 });
  for (let r = 0; r < data.rows; r++) {
    if (data.click[r] === 1) continue;
    assert.equal(data.action[r], 0, `row ${r}: action`);
    assert.equal(data.purchase[r], 0, `row ${r}: purchase`);
    assert.equal(data.share[r], 0, `row ${r}: share`);
    assert.equal(data.watchTime[r], 0, `row ${r}: watch_time`);
  }
  // the potential conversion of unclicked rows is still drawn
  assert.ok(
    mean(
      data.truthR,
      data.click.map((c) => 1 - c),
    ) > 0.05,
  );
  assert.ok(mean(data.watchTime, data.click) > 10);
});

test("purchase is the potential conversion on clicked rows and truth_ctcvr is truth_ctr·truth_cvr", () => {
  const data = funnel({ seed: 5, selectionBias: 1 });
  for (let r = 0; r < data.rows; r++) {
    assert.equal(data.purchase[r], (data.click[r] as number) * (data.truthR[r] as number));
    assert.equal(data.truthCtcvr[r], (data.truthCtr[r] as number) * (data.truthCvr[r] as number));
  }
});

test("with high selection bias the CVR on clicked rows is well above the CVR over all exposures", () => {
  const rates = funnelRates(funnel({ seed: 6, selectionBias: 1 }));
  // 0.207 against 0.100 at this seed; 0.13 is 7 standard errors above the unbiased value
  assert.ok(rates.cvrOnClicks > 0.13, `CVR on clicks ${rates.cvrOnClicks}`);
  assert.ok(Math.abs(rates.cvrOnExposures - 0.1) < 1e-9);
});

test("with no selection bias and no confounding the CVR on clicked rows is the CVR over all exposures", () => {
  const data = funnel({ seed: 6, selectionBias: 0 });
  const rates = funnelRates(data);
  assert.ok(Math.abs(rates.cvrOnClicks - rates.cvrOnExposures) < 0.015, `CVR on clicks ${rates.cvrOnClicks}`);
  // the truth on clicked rows is not subject to the purchase draw: a tighter check of independence
  assert.ok(Math.abs(mean(data.truthCvr, data.click) - rates.cvrOnExposures) < 0.006);
});

test("hidden confounding opens the same gap at selection bias 0, through nothing the data shows", () => {
  const data = funnel({ seed: 7, selectionBias: 0, hiddenConfounding: 1 });
  const rates = funnelRates(data);
  assert.ok(rates.cvrOnClicks > 0.13, `CVR on clicks ${rates.cvrOnClicks}`);
  assert.ok(mean(data.truthCvr, data.click) > 0.13);
});

test("the D-action raises purchases and longer watching raises sharing", () => {
  const data = funnel({ seed: 8 });
  const clickedWithout = data.click.map((c, r) => c * (1 - (data.action[r] as number)));
  assert.ok(mean(data.purchase, data.action) > 2 * mean(data.purchase, clickedWithout));
  const long = data.watchTime.map((w) => (w > 60 ? 1 : 0));
  const short = data.watchTime.map((w, r) => (data.click[r] === 1 && w <= 20 ? 1 : 0));
  assert.ok(mean(data.share, long) > 2 * mean(data.share, short));
});

test("the same seed gives identical data and another seed other data", () => {
  const opts = { rows: 2_000, users: 100, items: 50, selectionBias: 0.5, hiddenConfounding: 0.5, seed: 11 };
  assert.deepEqual(synthFunnel(opts), synthFunnel(opts));
  assert.notDeepEqual(synthFunnel({ ...opts, seed: 12 }).click, synthFunnel(opts).click);
});

test("out-of-range options are refused with BAD_ARGUMENT errors naming the option", () => {
  const cases: [Partial<SynthFunnelOptions>, RegExp][] = [
    [{ rows: 0 }, /rows must be a whole number ≥ 1, got 0/],
    [{ users: 2.5 }, /users must be a whole number ≥ 1, got 2\.5/],
    [{ items: -1 }, /items must be a whole number ≥ 1/],
    [{ selectionBias: 1.5 }, /selectionBias must be a number in \[0, 1\].*got 1\.5/],
    [{ hiddenConfounding: Number.NaN }, /hiddenConfounding must be a number in \[0, 1\].*got NaN/],
    [{ ctr: 0 }, /ctr must be a rate strictly between 0 and 1, got 0/],
    [{ cvr: 1 }, /cvr must be a rate strictly between 0 and 1, got 1/],
    [{ seed: Number.POSITIVE_INFINITY }, /seed must be a finite number/],
  ];
  for (const [bad, message] of cases) {
    assert.throws(
      () => synthFunnel({ rows: 10, seed: 1, ...bad }),
      (err: unknown) =>
        err instanceof MtrecError && err.code === "BAD_ARGUMENT" && /^mtrec: synth funnel: /.test(err.message) && message.test(err.message),
      JSON.stringify(bad),
    );
  }
});

test("the CSV has the listed columns and infers ids, segment, category and price as sparse inputs", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-synth-funnel-"));
  try {
    const path = join(dir, "funnel.csv");
    const rates = await writeSynthFunnelCsv(path, { rows: 500, users: 60, items: 30, ctr: 0.3, seed: 3 });
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    assert.equal(
      lines[0],
      "user_id,user_segment,item_id,item_category,price_bucket,click,action,purchase,watch_time,share,truth_ctr,truth_cvr,truth_ctcvr,truth_r",
    );
    assert.equal(lines.length, 501);
    assert.match(lines[1] as string, /^u\d+,\d,i\d+,\d+,\d,[01],[01],[01],[\d.]+,[01],[\d.e-]+,[\d.e-]+,[\d.e-]+,[01]$/);
    assert.equal(rates.ctr, lines.slice(1).filter((l) => l.split(",")[5] === "1").length / 500);
    const schema = await inferSchema({ path }, ["click", "action", "purchase", "watch_time", "share"]);
    assert.deepEqual(
      schema.sparse.map((f) => f.name),
      ["user_id", "user_segment", "item_id", "item_category", "price_bucket"],
    );
    assert.deepEqual(schema.dense, []);
    assert.deepEqual(
      schema.labels.map((l) => l.type),
      ["binary", "binary", "binary", "regression", "binary"],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
