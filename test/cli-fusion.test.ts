import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fusedOrder, groupRequests } from "../src/fusion/index.js";
import { mtrec } from "./helpers/cli.js";

test("rows are grouped into requests by key, each request's rows in file order", () => {
  const { order, requests } = groupRequests(["u1", "u2", "u1", "u3", "u2"]);
  assert.deepEqual(Array.from(requests.offsets), [0, 2, 4, 5]);
  assert.deepEqual(Array.from(order), [0, 2, 1, 4, 3]);
});

let setup: Promise<{ data: string; model: string }> | undefined;
let setupDir = "";
after(() => (setupDir ? rm(setupDir, { recursive: true, force: true }) : undefined));

/** One small funnel file and an ESMM trained on it, shared by the tests below. */
function trained(): Promise<{ data: string; model: string }> {
  setup ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), "mtrec-fusion-"));
    setupDir = tmp;
    const data = join(tmp, "funnel.csv");
    assert.equal((await mtrec("synth", "funnel", "--rows", "8000", "--seed", "3", "--out", data)).code, 0);
    const model = join(tmp, "esmm");
    const t = await mtrec(
      "train",
      "--data",
      data,
      "--labels",
      "click,purchase",
      "--exclude",
      "action,watch_time,share",
      "--model",
      "esmm",
      "--out",
      model,
      "--epochs",
      "2",
      "--threads",
      "1",
    );
    assert.equal(t.code, 0, t.stderr);
    return { data, model };
  })();
  return setup;
}

/** `mtrec fusion tune` on the trained model, one thread, requests by user, a purchase worth 20 clicks, top 5; `--values` and `--k` last. */
const tuneArgs = (model: string, data: string): string[] => [
  ...["fusion", "tune", "--model", model, "--threads", "1", "--data", data, "--request", "user_id"],
  ...["--values", "click=1,purchase=20", "--k", "5"],
];

test("when a purchase is worth 20 clicks, fusion tune by grid and by CEM weighs purchase above click and beats equal weights", async () => {
  // every fusion form ranks the same under a common scale of the weights, so any grid with the same axis per task
  // holds a point equivalent to equal weights: ">= equal" cannot fail, a strict gain on this fixed data can
  const { data, model } = await trained();
  for (const method of ["grid", "cem"]) {
    const r = await mtrec(...tuneArgs(model, data), "--method", method, "--rounds", "5", "--json");
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.method, method);
    assert.deepEqual(Object.keys(j.weights).sort(), ["click", "purchase"]);
    assert.ok(j.weights.purchase > j.weights.click, `${method}: ${JSON.stringify(j.weights)}`);
    assert.ok(j.objective > j.equal + 1e-3, `${method}: ${j.objective} vs equal ${j.equal}`);
    if (method === "grid") {
      assert.equal(j.evaluations, 25, "the default grid: 5 points per task over [0, 2]");
      for (const w of Object.values<number>(j.weights)) assert.ok([0, 0.5, 1, 1.5, 2].includes(w), `${w} is off the grid`);
    }
  }
});

test("mtrec fusion tune --segment tunes per segment and judges both on held-out requests", async () => {
  const { data, model } = await trained();
  const args = tuneArgs(model, data);
  const r = await mtrec(...args, "--segment", "user_segment", "--min-requests", "20", "--rounds", "3", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.requests.holdout > 0 && j.requests.tune > 0, "--segment holds out half the requests by default");
  assert.ok(Number.isFinite(j.holdout.objective) && Number.isFinite(j.holdout.equal));
  assert.ok(Number.isFinite(j.personalised.holdout));
  assert.ok(Object.keys(j.personalised.segments).length >= 1);
  assert.ok(j.personalised.evaluations > j.evaluations);
  const bad = await mtrec(...args, "--segment", "item_id");
  assert.notEqual(bad.code, 0);
  assert.match(
    bad.stderr,
    /item_id is "i\d+" but earlier rows of the same user_id "u\d+" have "i\d+"; --segment needs a column constant within each request/,
  );
  const badValue = await mtrec(...args.slice(0, -4), "--values", "view=1");
  assert.notEqual(badValue.code, 0);
  assert.match(badValue.stderr, /--values: unknown name "view"; known: click, purchase/);
});

test("mtrec fusion simulate runs the online loop on the model's world and repeats with its seed", async () => {
  const { model } = await trained();
  const args = [
    "fusion",
    "simulate",
    "--model",
    model,
    "--rows",
    "8000",
    "--seed",
    "3",
    "--values",
    "click=1,purchase=20",
    "--threads",
    "1",
  ];
  const small = [
    "--rounds",
    "3",
    "--arms",
    "4",
    "--elite",
    "2",
    "--requests-per-arm",
    "50",
    "--evaluation-requests",
    "200",
    "--candidates",
    "20",
  ];
  const a = await mtrec(...args, ...small, "--json");
  assert.equal(a.code, 0, a.stderr);
  const j = JSON.parse(a.stdout);
  assert.equal(j.curve.length, 3);
  assert.equal(j.evaluations, 12);
  assert.equal(j.requests, 600);
  assert.ok(j.equal > 0 && j.expected > 0);
  assert.deepEqual(Object.keys(j.weights).sort(), ["click", "purchase"]);
  const b = await mtrec(...args, ...small, "--json");
  assert.equal(b.stdout, a.stdout);
  const text = await mtrec(...args, ...small);
  assert.match(
    text.stdout,
    /final weights click [\d.]+, purchase [\d.]+: expected value [\d.]+ per request against [\d.]+ for equal weights \(12 arms, 600 requests of 20 candidates\)/,
  );
  const bad = await mtrec(...args, ...small, "--values", "view=1");
  assert.match(bad.stderr, /--values: unknown name "view"; known: click, purchase/);
  const elite = await mtrec(...args, "--arms", "2", "--elite", "3");
  assert.match(elite.stderr, /--elite 3 is above --arms 2/);
});

test("fusedOrder ranks rows within their request and keeps file order", () => {
  const scores = { a: Float64Array.of(0.1, 0.9, 0.5, 0.3, 0.7) };
  const r = fusedOrder(scores, { type: "additive", weights: { a: 2 } }, ["x", "y", "x", "y", "x"]);
  assert.deepEqual(Array.from(r.fused), [0.2, 1.8, 1, 0.6, 1.4]);
  assert.deepEqual(Array.from(r.rank), [3, 1, 2, 2, 1]);
  assert.deepEqual(Array.from(fusedOrder(scores, { type: "additive", weights: { a: 1 } }).rank), [5, 1, 3, 4, 2]);
});

test("mtrec predict --fuse adds the fused score and its rank per request, from tune's JSON or a flag", async (t) => {
  const { data, model } = await trained();
  const tmp = await mkdtemp(join(tmpdir(), "mtrec-fuse-"));
  t.after(() => rm(tmp, { recursive: true, force: true }));
  const tuned = await mtrec("fusion", "tune", "--model", model, "--data", data, "--request", "user_id", "--rounds", "2", "--json");
  assert.equal(tuned.code, 0, tuned.stderr);
  const weightsFile = join(tmp, "weights.json");
  await writeFile(weightsFile, tuned.stdout);
  const { weights } = JSON.parse(tuned.stdout) as { weights: { click: number; purchase: number } };
  const out = join(tmp, "scores.csv");
  const r = await mtrec(
    "predict",
    "--model",
    model,
    "--data",
    data,
    "--out",
    out,
    "--keep",
    "user_id",
    "--fuse",
    weightsFile,
    "--request",
    "user_id",
  );
  assert.equal(r.code, 0, r.stderr);
  const [header, ...lines] = (await readFile(out, "utf8")).trim().split("\n");
  assert.equal(header, "user_id,score_click,score_purchase,fused_score,fused_rank");
  const byUser = new Map<string, { fused: number; rank: number }[]>();
  for (const line of lines) {
    const [user, click, purchase, fused, rank] = line.split(",");
    assert.ok(
      Math.abs(Number(fused) - Number(click) ** weights.click * Number(purchase) ** weights.purchase) < 1e-6 * Number(fused) + 1e-12,
    );
    if (!byUser.has(user!)) byUser.set(user!, []);
    byUser.get(user!)!.push({ fused: Number(fused), rank: Number(rank) });
  }
  for (const [user, rows] of byUser) {
    const ranks = rows.map((x) => x.rank).sort((p, q) => p - q);
    assert.deepEqual(
      ranks,
      Array.from({ length: rows.length }, (_, i) => i + 1),
      `ranks of ${user}`,
    );
    const best = rows.find((x) => x.rank === 1)!;
    assert.equal(best.fused, Math.max(...rows.map((x) => x.fused)));
  }
  const unknown = await mtrec("predict", "--model", model, "--data", data, "--out", out, "--fuse", "additive:click=1,view=2");
  assert.match(unknown.stderr, /--fuse: the model has no task "view"; its tasks: click, purchase/);
  const alone = await mtrec("predict", "--model", model, "--data", data, "--out", out, "--request", "user_id");
  assert.match(alone.stderr, /--request groups rows for --fuse; give --fuse too/);
});

test("mtrec predict names score columns score_<task>, so kept label columns keep their own names", async () => {
  const { data, model } = await trained();
  const tmp = await mkdtemp(join(tmpdir(), "mtrec-keep-"));
  const out = join(tmp, "scores.csv");
  const r = await mtrec("predict", "--model", model, "--data", data, "--out", out, "--keep", "user_id,click,purchase");
  assert.equal(r.code, 0, r.stderr);
  const [header, first] = (await readFile(out, "utf8")).split("\n");
  assert.equal(header, "user_id,click,purchase,score_click,score_purchase");
  const [, click, purchase, scoreClick] = (first as string).split(",");
  assert.ok(["0", "1"].includes(click as string) && ["0", "1"].includes(purchase as string), first);
  assert.ok(Number(scoreClick) > 0 && Number(scoreClick) < 1, first);
  const shadow = await mtrec("predict", "--model", model, "--data", data, "--out", out, "--keep", "score_click");
  assert.equal(shadow.code, 2);
  assert.match(shadow.stderr, /--keep score_click: the output writes a column of that name \(its columns: score_click, score_purchase\)/);
  const fusedShadow = await mtrec(
    "predict",
    "--model",
    model,
    "--data",
    data,
    "--out",
    out,
    "--keep",
    "fused_rank",
    "--fuse",
    "multiplicative:click=1",
  );
  assert.match(fusedShadow.stderr, /--keep fused_rank: the output writes a column of that name/);
  await rm(tmp, { recursive: true, force: true });
});

test("mtrec fusion tune on 10 requests warns on stderr and in --json that they are too few to tell weights apart", async () => {
  const { data, model } = await trained();
  const tmp = await mkdtemp(join(tmpdir(), "mtrec-tune-small-"));
  const [header, ...rows] = (await readFile(data, "utf8")).trim().split("\n");
  const user = (header as string).split(",").indexOf("user_id");
  const users = [...new Set(rows.map((r) => r.split(",")[user]))].slice(0, 10);
  const small = join(tmp, "small.csv");
  await writeFile(small, `${[header, ...rows.filter((r) => users.includes(r.split(",")[user]))].join("\n")}\n`);
  const r = await mtrec("fusion", "tune", "--model", model, "--data", small, "--request", "user_id", "--rounds", "3", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { warnings: string[]; requests: { tune: number } };
  assert.equal(j.requests.tune, 10);
  assert.ok(
    j.warnings.some((w) => /on 10 tuning requests, not more than 2 standard errors/.test(w)),
    j.warnings.join("\n"),
  );
  for (const w of j.warnings) assert.ok(r.stderr.includes(`mtrec: warning: ${w}`), r.stderr);
  await rm(tmp, { recursive: true, force: true });
});
