import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { encodeColumns } from "../src/data/encode.js";
import { requestColumns } from "../src/data/request-columns.js";
import { fuse, rankWithin } from "../src/fusion/index.js";
import { serve } from "../src/serve/server.js";
import { load } from "../src/train/load.js";
import { mtrec } from "./helpers/cli.js";
import { type Row, requestRow, SERVED_COLUMNS, servedRows, type TrainedFixture, toCsv, trainServedModel } from "./helpers/serve-model.js";

let fixture: TrainedFixture;
let app: FastifyInstance;
const FUSION = { type: "multiplicative", weights: { click: 1, purchase: 2 } } as const;

before(async () => {
  fixture = await trainServedModel();
  app = await serve({ model: fixture.model, threads: 1, maxCandidates: 200 });
});
after(async () => {
  await app.close();
  await fixture.cleanup();
});

interface RankReply {
  model: string;
  order: number[];
  scores: Record<string, number[]>;
  fused: number[];
}
interface ErrorReply {
  error: { code: string; message: string; field?: string };
}

async function post<T>(url: string, payload: unknown, server = app): Promise<{ status: number; body: T }> {
  const r = await server.inject({ method: "POST", url, payload: payload as Record<string, unknown> });
  return { status: r.statusCode, body: r.json() as T };
}

function columnsOf(rows: Row[]): Record<string, (string | number | null)[]> {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(names.map((c) => [c, rows.map((r) => r[c] ?? null)]));
}

test("/v1/predict scores equal mtrec predict's on a file of the same rows within 1e-5 (integer and decimal categories, a missing age, an unseen item)", async () => {
  const rows = servedRows(80, 9, { unseen: true });
  const data = join(fixture.dir, "score.csv");
  const out = join(fixture.dir, "scores.csv");
  await writeFile(data, toCsv(rows, SERVED_COLUMNS));
  const cli = await mtrec("predict", "--model", fixture.model, "--data", data, "--out", out, "--threads", "1");
  assert.equal(cli.code, 0, cli.stderr);
  const [header, ...lines] = (await readFile(out, "utf8")).trim().split("\n");
  const columns = (header as string).split(",");
  const r = await post<{ model: string; scores: Record<string, number[]> }>("/v1/predict", { rows: rows.map(requestRow) });
  assert.equal(r.status, 200);
  for (const task of ["click", "purchase"]) {
    const j = columns.indexOf(`score_${task}`);
    const expected = lines.map((l) => Number(l.split(",")[j]));
    const got = r.body.scores[task] as number[];
    assert.equal(got.length, rows.length);
    for (let i = 0; i < rows.length; i++) assert.ok(Math.abs((got[i] as number) - (expected[i] as number)) <= 1e-5, `${task} row ${i}`);
  }
  assert.ok(
    rows.some((row) => row.age === null) && rows.some((row) => row.item === "durian"),
    "the rows hold a missing age and an unseen item",
  );
});

test("/v1/rank's scores, read back as float32, are exactly the loaded model's scores", async () => {
  const rows = servedRows(30, 23).map(requestRow);
  const model = await load(fixture.model, { threads: 1 });
  const schema = { ...model.schema, group: undefined };
  const p = await model.predict(encodeColumns("rows", requestColumns(schema, rows).columns, schema, { labels: false }));
  const ranked = await post<RankReply>("/v1/rank", { candidates: rows, fusion: FUSION });
  for (const task of ["click", "purchase"]) {
    const got = ranked.body.scores[task] as number[];
    ranked.body.order.forEach((c, j) => {
      assert.equal(Math.fround(got[j] as number), p.scores[task]?.[c], `${task}, candidate ${c}`);
    });
  }
});

test("a categorical value sent as a JSON number scores as its text does: integers and a decimal", async () => {
  const rows = servedRows(20, 11).map(requestRow);
  const asText = rows.map((row) => ({ ...row, store: String(row.store), price_tier: String(row.price_tier) }));
  const a = await post<{ scores: Record<string, number[]> }>("/v1/predict", { rows });
  const b = await post<{ scores: Record<string, number[]> }>("/v1/predict", { rows: asText });
  assert.deepEqual(a.body.scores, b.body.scores);
  assert.ok(
    rows.some((row) => !Number.isInteger(row.price_tier)),
    "some decimals are sent",
  );
  // a category the model never saw as text ("1.250") is out of vocabulary, so the text matters
  const other = await post<{ scores: Record<string, number[]> }>("/v1/predict", {
    rows: rows.map((row) => ({ ...row, price_tier: `${row.price_tier}0` })),
  });
  assert.notDeepEqual(other.body.scores, a.body.scores);
});

test("/v1/rank gives the same order, scores and fused values for candidates as rows and as columns", async () => {
  const rows = servedRows(50, 12).map(requestRow);
  const asRows = await post<RankReply>("/v1/rank", { candidates: rows, fusion: FUSION });
  const asColumns = await post<RankReply>("/v1/rank", { candidates: columnsOf(rows), fusion: FUSION });
  assert.equal(asRows.status, 200);
  assert.deepEqual(asColumns.body, asRows.body);
  assert.equal(asRows.body.order.length, 50);
});

test("/v1/rank orders by the fused score of src/fusion, best first, scores and fused given in that order", async () => {
  const rows = servedRows(40, 13).map(requestRow);
  const predicted = await post<{ scores: Record<string, number[]> }>("/v1/predict", { rows });
  const ranked = await post<RankReply>("/v1/rank", { candidates: rows, fusion: FUSION });
  const scores = {
    click: Float32Array.from(predicted.body.scores.click ?? []),
    purchase: Float32Array.from(predicted.body.scores.purchase ?? []),
  };
  const requests = { offsets: Int32Array.of(0, 40) };
  const fused = fuse(scores, requests, FUSION);
  assert.deepEqual(ranked.body.order, Array.from(rankWithin(fused, requests)));
  assert.deepEqual(
    ranked.body.fused,
    ranked.body.order.map((i) => fused[i]),
  );
  assert.deepEqual(
    ranked.body.scores.click,
    ranked.body.order.map((i) => predicted.body.scores.click?.[i]),
  );
});

test("/v1/rank applies context fields to every candidate, a candidate's own field winning", async () => {
  const rows = servedRows(10, 14).map(requestRow);
  const context = { store: 7, age: 33 };
  const candidates = rows.map(({ store: _store, age, ...rest }, i) => (i % 2 === 0 ? { ...rest, age } : rest));
  const merged = candidates.map((c) => ({ ...context, ...c }));
  const withContext = await post<RankReply>("/v1/rank", { context, candidates, fusion: FUSION });
  const explicit = await post<RankReply>("/v1/rank", { candidates: merged, fusion: FUSION });
  assert.deepEqual(withContext.body, explicit.body);
  // as columns: a column the candidates carry wins whole, a column they lack comes from the context
  const given = columnsOf(rows.map(({ store: _store, ...rest }) => rest));
  const columnsWithContext = await post<RankReply>("/v1/rank", { context, candidates: given, fusion: FUSION });
  const mergedColumns = await post<RankReply>("/v1/rank", { candidates: { ...given, store: rows.map(() => 7) }, fusion: FUSION });
  assert.deepEqual(columnsWithContext.body, mergedColumns.body);
});

test("/v1/rank breaks ties by candidate index and k keeps the best k", async () => {
  const one = requestRow(servedRows(1, 15)[0] as Row);
  const ties = await post<RankReply>("/v1/rank", { candidates: [one, one, one, one], fusion: FUSION });
  assert.deepEqual(ties.body.order, [0, 1, 2, 3]);
  const rows = servedRows(30, 16).map(requestRow);
  const all = await post<RankReply>("/v1/rank", { candidates: rows, fusion: FUSION });
  const top = await post<RankReply>("/v1/rank", { candidates: rows, fusion: FUSION, k: 5 });
  assert.deepEqual(top.body.order, all.body.order.slice(0, 5));
  assert.deepEqual(top.body.fused, all.body.fused.slice(0, 5));
});

test("/v1/rank without a fusion in the body or a server --fuse is a 400 that says so; with --fuse the server's fusion ranks", async () => {
  const rows = servedRows(10, 17).map(requestRow);
  const none = await post<ErrorReply>("/v1/rank", { candidates: rows });
  assert.equal(none.status, 400);
  assert.equal(none.body.error.field, "fusion");
  assert.match(none.body.error.message, /--fuse/);
  const fused = await serve({ model: fixture.model, threads: 1, fuse: FUSION });
  try {
    const byServer = await post<RankReply>("/v1/rank", { candidates: rows }, fused);
    const byBody = await post<RankReply>("/v1/rank", { candidates: rows, fusion: FUSION });
    assert.equal(byServer.status, 200);
    assert.deepEqual(byServer.body, byBody.body);
  } finally {
    await fused.close();
  }
});

for (const [what, payload, field] of [
  [
    "a string for a dense feature",
    (rows: Row[]) => ({ candidates: rows.map((r, i) => (i === 3 ? { ...r, price: "12" } : r)), fusion: FUSION }),
    "candidates[3].price",
  ],
  [
    '"NaN" for a dense feature',
    (rows: Row[]) => ({ candidates: rows.map((r, i) => (i === 2 ? { ...r, age: "NaN" } : r)), fusion: FUSION }),
    "candidates[2].age",
  ],
  [
    "an object for a category",
    (rows: Row[]) => ({ candidates: rows.map((r, i) => (i === 1 ? { ...r, item: { a: 1 } } : r)), fusion: FUSION }),
    "candidates[1].item",
  ],
  ["too many candidates", (rows: Row[]) => ({ candidates: Array.from({ length: 201 }, () => rows[0]), fusion: FUSION }), "candidates"],
  [
    "columns of unequal length",
    (rows: Row[]) => ({ candidates: { ...columnsOf(rows), price: [1, 2] }, fusion: FUSION }),
    "candidates.price",
  ],
  [
    "a weight for a task the model lacks",
    (rows: Row[]) => ({ candidates: rows, fusion: { type: "additive", weights: { like: 1 } } }),
    "fusion.weights.like",
  ],
  ["an unknown fusion type", (rows: Row[]) => ({ candidates: rows, fusion: { type: "max", weights: { click: 1 } } }), "fusion.type"],
  ["an unknown top-level field", (rows: Row[]) => ({ candidates: rows, fusion: FUSION, limit: 3 }), "limit"],
  ["a negative k", (rows: Row[]) => ({ candidates: rows, fusion: FUSION, k: -1 }), "k"],
] as const) {
  test(`/v1/rank answers ${what} with a 400 naming the field ${field}`, async () => {
    const rows = servedRows(5, 18).map(requestRow);
    const r = await post<ErrorReply>("/v1/rank", payload(rows));
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
    assert.equal(r.body.error.code, "BAD_REQUEST");
    assert.ok(r.body.error.message.length > 0);
  });
}

test("a non-finite number (1e999) is a 400 naming its field", async () => {
  const row = requestRow(servedRows(1, 19)[0] as Row);
  const json = JSON.stringify({ rows: [row] }).replace(/"price":[^,}]+/, '"price":1e999');
  const r = await app.inject({ method: "POST", url: "/v1/predict", payload: json, headers: { "content-type": "application/json" } });
  assert.equal(r.statusCode, 400);
  assert.equal((r.json() as ErrorReply).error.field, "rows[0].price");
});

test("malformed JSON is a 400 and a body over the limit a 413, both in the error shape", async () => {
  const bad = await app.inject({
    method: "POST",
    url: "/v1/rank",
    payload: '{"candidates": [',
    headers: { "content-type": "application/json" },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal((bad.json() as ErrorReply).error.code, "BAD_REQUEST");
  const small = await serve({ model: fixture.model, threads: 1, bodyLimit: 1024 });
  try {
    const rows = servedRows(100, 20).map(requestRow);
    const big = await small.inject({ method: "POST", url: "/v1/rank", payload: { candidates: rows, fusion: FUSION } });
    assert.equal(big.statusCode, 413);
    assert.equal((big.json() as ErrorReply).error.code, "TOO_LARGE");
  } finally {
    await small.close();
  }
});

test("/healthz and /readyz answer 200 and /v1/model names the tasks, features, version, hash and kept metrics", async () => {
  assert.equal((await app.inject({ url: "/healthz" })).statusCode, 200);
  const ready = await app.inject({ url: "/readyz" });
  assert.equal(ready.statusCode, 200);
  const model = (await app.inject({ url: "/v1/model" })).json() as Record<string, unknown>;
  assert.deepEqual(
    (model.tasks as { name: string }[]).map((t) => t.name),
    ["click", "purchase"],
  );
  assert.match(String(model.hash), /^[0-9a-f]{64}$/);
  assert.equal(model.model, String(model.hash).slice(0, 12));
  assert.equal(model.mtrec, "0.1.0");
  const features = model.features as { sparse: { name: string }[]; dense: { name: string }[] };
  assert.deepEqual(
    features.sparse.map((f) => f.name),
    ["store", "price_tier", "item", "item_hashed"],
  );
  assert.deepEqual(
    features.dense.map((f) => f.name),
    ["price", "age"],
  );
  assert.ok((model.metrics as { best?: { epoch?: number } }).best?.epoch !== undefined, "the kept epoch is named");
  const ranked = await post<RankReply>("/v1/rank", { candidates: servedRows(3, 21).map(requestRow), fusion: FUSION });
  assert.equal(ranked.body.model, model.model);
});

test("/v1/rank answers over a real socket as through inject()", async () => {
  const server = await serve({ model: fixture.model, threads: 1 });
  try {
    const address = await server.listen({ host: "127.0.0.1", port: 0 });
    const body = { candidates: servedRows(25, 22).map(requestRow), fusion: FUSION };
    const r = await fetch(`${address}/v1/rank`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), (await post<RankReply>("/v1/rank", body)).body);
  } finally {
    await server.close();
  }
});
