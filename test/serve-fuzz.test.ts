import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { serve } from "../src/serve/server.js";
import { type Row, requestRow, servedRows, type TrainedFixture, trainServedModel } from "./helpers/serve-model.js";

/** Bounded by a count, never a clock, and seeded (see helpers/fuzz.ts). */
const RUNS = { seed: 12, numRuns: 150 } as const;
const MAX_CANDIDATES = 20;

let fixture: TrainedFixture;
let app: FastifyInstance;
before(async () => {
  fixture = await trainServedModel();
  app = await serve({ model: fixture.model, threads: 1, maxCandidates: MAX_CANDIDATES });
});
after(async () => {
  await app.close();
  await fixture.cleanup();
});

const base: Row[] = servedRows(4, 50).map(requestRow);
const FUSION = { type: "multiplicative", weights: { click: 1 } };

async function send(url: string, payload: string): Promise<{ status: number; body: unknown }> {
  const r = await app.inject({ method: "POST", url, payload, headers: { "content-type": "application/json" } });
  let body: unknown;
  try {
    body = r.json();
  } catch {
    body = r.body;
  }
  return { status: r.statusCode, body };
}

function assertErrorShape(status: number, body: unknown): void {
  assert.ok(status >= 400 && status < 500, `status ${status}: ${JSON.stringify(body)}`);
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  assert.equal(typeof error?.code, "string", JSON.stringify(body));
  assert.equal(typeof error?.message, "string", JSON.stringify(body));
}

const nested = fc.integer({ min: 1, max: 2_000 }).map((depth) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
});
const badValue = fc.oneof(
  fc.constant("NaN"),
  fc.constant("Infinity"),
  fc.string({ unit: "grapheme", minLength: 1 }).filter((s) => s.trim() === "" || Number.isNaN(Number(s))),
  fc.boolean(),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ unit: "grapheme" }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
  nested,
);
const denseField = fc.constantFrom("price", "age");
const categoryField = fc.constantFrom("store", "price_tier", "item");

/** A valid rank body with one fault put in: each must be refused with a 4xx. */
const faulty = fc.oneof(
  fc.record({ at: fc.nat(3), field: denseField, value: badValue }).map(({ at, field, value }) => ({
    url: "/v1/rank",
    body: JSON.stringify({ candidates: base.map((r, i) => (i === at ? { ...r, [field]: value } : r)), fusion: FUSION }),
  })),
  fc
    .record({ at: fc.nat(3), field: categoryField, value: fc.oneof(fc.boolean(), fc.array(fc.integer(), { minLength: 1 }), nested) })
    .map(({ at, field, value }) => ({
      url: "/v1/predict",
      body: JSON.stringify({ rows: base.map((r, i) => (i === at ? { ...r, [field]: value } : r)) }),
    })),
  fc.integer({ min: MAX_CANDIDATES + 1, max: 5_000 }).map((n) => ({
    url: "/v1/rank",
    body: JSON.stringify({ candidates: Array.from({ length: n }, () => base[0]), fusion: FUSION }),
  })),
  fc.integer({ min: MAX_CANDIDATES + 1, max: 5_000 }).map((n) => ({
    url: "/v1/rank",
    body: JSON.stringify({ candidates: { price: Array.from({ length: n }, () => 1) }, fusion: FUSION }),
  })),
  fc
    .record({
      key: fc.string({ unit: "grapheme", minLength: 1 }).filter((k) => !["context", "candidates", "fusion", "k"].includes(k)),
      value: fc.jsonValue(),
    })
    .map(({ key, value }) => ({ url: "/v1/rank", body: JSON.stringify({ candidates: base, fusion: FUSION, [key]: value ?? 0 }) })),
  fc.record({ field: denseField, n: fc.integer({ min: 0, max: 3 }) }).map(({ field, n }) => ({
    url: "/v1/rank",
    body: JSON.stringify({ candidates: { store: [1, 2, 3, 4], [field]: Array.from({ length: n }, () => 1) }, fusion: FUSION }),
  })),
  fc.record({ at: fc.nat(3), field: denseField, exponent: fc.integer({ min: 309, max: 99_999 }) }).map(({ at, field, exponent }) => ({
    url: "/v1/rank",
    body: JSON.stringify({ candidates: base.map((r, i) => (i === at ? { ...r, [field]: 7 } : r)), fusion: FUSION }).replace(
      `"${field}":7`,
      `"${field}":1e${exponent}`,
    ),
  })),
  fc.string({ unit: "grapheme" }).map((tail) => ({ url: "/v1/rank", body: `{"candidates": [${tail}` })),
  fc
    .record({
      task: fc.string({ unit: "grapheme", minLength: 1 }).filter((t) => t !== "click" && t !== "purchase"),
      w: fc.double({ noNaN: true, noDefaultInfinity: true }),
    })
    .map(({ task, w }) => ({
      url: "/v1/rank",
      body: JSON.stringify({ candidates: base, fusion: { type: "additive", weights: { [task]: w } } }),
    })),
);

test('request bodies with a fault in them (wrong types, huge arrays, "NaN" strings, deep nesting, unicode keys, 1e999, unequal columns, malformed JSON) get a 4xx in the error shape, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(faulty, async ({ url, body }) => {
      const r = await send(url, body);
      assertErrorShape(r.status, r.body);
    }),
    RUNS,
  );
  assert.equal((await app.inject({ url: "/healthz" })).statusCode, 200, "the server still answers");
});

test("any JSON value as a body gets a 200 or a 4xx in the error shape, never a 5xx", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("/v1/rank", "/v1/predict"), fc.jsonValue({ maxDepth: 6 }), async (url, value) => {
      const r = await send(url, JSON.stringify(value) ?? "null");
      if (r.status !== 200) assertErrorShape(r.status, r.body);
    }),
    RUNS,
  );
});
