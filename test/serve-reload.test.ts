import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { serve } from "../src/serve/server.js";
import { train } from "../src/train/trainer.js";
import { requestRow, retrain, SERVED_COLUMNS, servedRows, toCsv, trainFunnelModel, trainServedModel } from "./helpers/serve-model.js";

const FUSION = { type: "multiplicative", weights: { click: 1, purchase: 2 } } as const;

function metricValue(text: string, line: RegExp): number {
  const match = text.split("\n").find((l) => line.test(l));
  return match ? Number(match.split(" ").at(-1)) : Number.NaN;
}

test("/metrics counts requests by route and status, candidates scored, and names the model's hash and load time; each server has its own registry", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const a = await serve({ model: fixture.model, threads: 1 });
  const b = await serve({ model: fixture.model, threads: 1 });
  t.after(() => Promise.all([a.close(), b.close()]));
  const candidates = servedRows(7, 30).map(requestRow);
  for (let i = 0; i < 3; i++) await a.inject({ method: "POST", url: "/v1/rank", payload: { candidates, fusion: FUSION } });
  await a.inject({ method: "POST", url: "/v1/rank", payload: { candidates: [{ price: "x" }], fusion: FUSION } });
  const text = (await a.inject({ url: "/metrics" })).body;
  assert.equal(metricValue(text, /^mtrec_http_requests_total\{route="\/v1\/rank",status="200"\}/), 3);
  assert.equal(metricValue(text, /^mtrec_http_requests_total\{route="\/v1\/rank",status="400"\}/), 1);
  assert.equal(metricValue(text, /^mtrec_candidates_scored_total\{route="\/v1\/rank"\}/), 21);
  assert.equal(metricValue(text, /^mtrec_http_request_duration_seconds_count\{route="\/v1\/rank"\}/), 4);
  const hash = ((await a.inject({ url: "/v1/model" })).json() as { hash: string }).hash;
  assert.equal(metricValue(text, new RegExp(`^mtrec_model_info\\{hash="${hash}"`)), 1);
  assert.ok(metricValue(text, /^mtrec_model_load_seconds /) > 0);
  const other = (await b.inject({ url: "/metrics" })).body;
  assert.ok(Number.isNaN(metricValue(other, /^mtrec_http_requests_total\{route="\/v1\/rank"/)), "the second server counted nothing");
});

test("/admin/reload exists only with an admin token and refuses a request without it", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const open = await serve({ model: fixture.model, threads: 1 });
  const guarded = await serve({ model: fixture.model, threads: 1, adminToken: "s3cret" });
  t.after(() => Promise.all([open.close(), guarded.close()]));
  const absent = await open.inject({ method: "POST", url: "/admin/reload" });
  assert.equal(absent.statusCode, 404);
  assert.equal((absent.json() as { error: { code: string } }).error.code, "NOT_FOUND");
  assert.equal((await guarded.inject({ method: "POST", url: "/admin/reload" })).statusCode, 401);
  assert.equal(
    (await guarded.inject({ method: "POST", url: "/admin/reload", headers: { authorization: "Bearer wrong" } })).statusCode,
    401,
  );
  const ok = await guarded.inject({ method: "POST", url: "/admin/reload", headers: { authorization: "Bearer s3cret" } });
  assert.equal(ok.statusCode, 200);
});

test("a reload swaps in the directory's new model; one that fails keeps the old model serving and says why in the response and a metric", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const app = await serve({ model: fixture.model, threads: 1, adminToken: "t" });
  t.after(() => app.close());
  const auth = { authorization: "Bearer t" };
  const candidates = servedRows(12, 31).map(requestRow);
  const rank = async () =>
    (await app.inject({ method: "POST", url: "/v1/rank", payload: { candidates, fusion: FUSION } })).json() as {
      model: string;
      fused: number[];
    };
  const before = await rank();
  const weights = join(fixture.model, "weights.safetensors");
  const good = await readFile(weights);
  await writeFile(weights, "not safetensors");
  const failed = await app.inject({ method: "POST", url: "/admin/reload", headers: auth });
  assert.equal(failed.statusCode, 500);
  const message = (failed.json() as { error: { message: string } }).error.message;
  assert.match(message, /weights\.safetensors/);
  assert.match(message, new RegExp(`old model, ${before.model}, keeps serving`));
  assert.deepEqual(await rank(), before);
  assert.match((await app.inject({ url: "/metrics" })).body, /^mtrec_model_reloads_total\{outcome="failed"\} 1$/m);
  await writeFile(weights, good);
  await retrain(fixture.model, 99);
  const ok = await app.inject({ method: "POST", url: "/admin/reload", headers: auth });
  assert.equal(ok.statusCode, 200, ok.body);
  const after = await rank();
  assert.notEqual(after.model, before.model);
  assert.notDeepEqual(after.fused, before.fused);
  assert.equal(after.model, (ok.json() as { model: string }).model);
  assert.match((await app.inject({ url: "/metrics" })).body, /^mtrec_model_reloads_total\{outcome="ok"\} 1$/m);
});

test("a request in flight during a reload is answered wholly by the model it names", async (t) => {
  const first = await trainServedModel();
  t.after(() => first.cleanup());
  const app = await serve({ model: first.model, threads: 1, adminToken: "t" });
  t.after(() => app.close());
  const candidates = servedRows(200, 32).map(requestRow);
  const payload = { candidates, fusion: FUSION };
  const expected = new Map<string, string>();
  const old = (await app.inject({ method: "POST", url: "/v1/rank", payload })).json() as { model: string };
  expected.set(old.model, JSON.stringify(old));
  await retrain(first.model, 99);
  const inFlight = Array.from({ length: 6 }, () => app.inject({ method: "POST", url: "/v1/rank", payload }));
  const reload = app.inject({ method: "POST", url: "/admin/reload", headers: { authorization: "Bearer t" } });
  const answers = (await Promise.all(inFlight)).map((r) => r.json() as { model: string });
  assert.equal((await reload).statusCode, 200);
  const fresh = (await app.inject({ method: "POST", url: "/v1/rank", payload })).json() as { model: string };
  expected.set(fresh.model, JSON.stringify(fresh));
  assert.equal(expected.size, 2, "the reload changed the model");
  for (const answer of answers) assert.equal(JSON.stringify(answer), expected.get(answer.model), "an answer mixes two models");
});

test("a funnel model's /v1/predict gives its tasks under scores and its heads (ctr, cvr, ctcvr) under heads, and /v1/rank may weight a head", async (t) => {
  const fixture = await trainFunnelModel();
  t.after(() => fixture.cleanup());
  const app = await serve({ model: fixture.model, threads: 1 });
  t.after(() => app.close());
  const rows = [
    { user_segment: 1, item_id: 3, item_category: 2, price_bucket: 1 },
    { user_segment: 2, item_id: 7, item_category: 0, price_bucket: 3 },
  ];
  const r = (await app.inject({ method: "POST", url: "/v1/predict", payload: { rows } })).json() as {
    scores: Record<string, number[]>;
    heads: Record<string, number[]>;
  };
  assert.deepEqual(Object.keys(r.scores).sort(), ["click", "purchase"]);
  assert.deepEqual(Object.keys(r.heads).sort(), ["ctcvr", "ctr", "cvr"]);
  const ranked = await app.inject({
    method: "POST",
    url: "/v1/rank",
    payload: { candidates: rows, fusion: { type: "multiplicative", weights: { cvr: 1 } } },
  });
  assert.equal(ranked.statusCode, 200);
  const cvr = r.heads.cvr as number[];
  assert.deepEqual((ranked.json() as { order: number[] }).order, (cvr[0] as number) >= (cvr[1] as number) ? [0, 1] : [1, 0]);
});

test("a reload may swap in a model that reads another field: the request schema follows the served model", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const app = await serve({ model: fixture.model, threads: 1, adminToken: "t" });
  t.after(() => app.close());
  const rows = servedRows(300, 33).map((r, i) => ({ ...r, rating: (i % 5) + 1 }));
  const rank = (rating: unknown) =>
    app.inject({
      method: "POST",
      url: "/v1/rank",
      payload: { candidates: rows.slice(0, 4).map((r) => ({ ...requestRow(r), rating })), fusion: FUSION },
    });
  // before: rating is no field of the model, so any scalar rides along unread
  assert.equal((await rank("five")).statusCode, 200);
  const data = join(fixture.dir, "rated.csv");
  await writeFile(data, toCsv(rows, [...SERVED_COLUMNS, "rating"]));
  const saved = JSON.parse(await readFile(join(fixture.model, "config.json"), "utf8")) as {
    config: { schema: { dense: { name: string }[] } } & Record<string, unknown>;
  };
  const schema = { ...saved.config.schema, dense: [...saved.config.schema.dense, { name: "rating" }] };
  await train({ ...saved.config, data: { path: data }, schema } as never, {
    out: fixture.model,
    overwrite: true,
    progress: false,
    log: () => {},
  });
  const reload = await app.inject({ method: "POST", url: "/admin/reload", headers: { authorization: "Bearer t" } });
  assert.equal(reload.statusCode, 200, reload.body);
  const refused = await rank("five");
  assert.equal(refused.statusCode, 400);
  assert.equal((refused.json() as { error: { field: string } }).error.field, "candidates[0].rating");
  assert.equal((await rank(4)).statusCode, 200);
  const model = (await app.inject({ url: "/v1/model" })).json() as { features: { dense: string[] } };
  assert.ok(JSON.stringify(model.features).includes("rating"), JSON.stringify(model.features));
});
