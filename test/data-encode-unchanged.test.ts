import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sqlString, withConnection } from "../src/data/duckdb.js";
import { encode, encodeChunks, fitAndEncode } from "../src/data/encode.js";
import { fitSchema } from "../src/data/fit.js";
import { inferSchema } from "../src/data/infer-schema.js";
import type { DataSource, EncodedData, FittedSchema } from "../src/data/types.js";
import { ADULT_500, ADULT_COLUMNS, fixture } from "./helpers/datasets.js";

/*
 * The encoding a file gets must not change when the reader does: the expected values in
 * encoded-before-16.json were computed by `encodedDigest` below at commit af070e3, before the
 * reader fetched DuckDB's columns whole (issue 16). Vocabularies and statistics are compared as
 * JSON (numbers round-trip exactly), the encoded columns by the SHA-256 of their bytes.
 */

interface Digest {
  fitted: Pick<FittedSchema, "sparse" | "dense" | "labels" | "vocabularies" | "cardinalities" | "denseStats" | "rows">;
  encoded: Record<string, string>;
}

const sha = (a: ArrayBufferView) =>
  createHash("sha256")
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest("hex");

function digestOf(e: EncodedData): Record<string, string> {
  const out: Record<string, string> = { rows: String(e.rows), dense: sha(e.dense) };
  e.sparse.forEach((c, i) => {
    out[`sparse${i}`] = sha(c);
  });
  e.labels.forEach((c, i) => {
    out[`label${i}`] = sha(c);
  });
  for (const [k, c] of Object.entries(e.numeric ?? {})) out[`numeric:${k}`] = sha(c);
  if (e.group) out.group = sha(e.group);
  return out;
}

/** Infers, fits on four rows in five (as a split would) and encodes the file, in memory and in chunks of 64 rows. */
async function encodedDigest(
  source: DataSource,
  labels: string[],
  opts: { positive?: Record<string, string>; numeric?: string[]; group?: string },
) {
  const schema = await inferSchema(source, labels, { positive: opts.positive, group: opts.group });
  const fitted = await fitSchema(source, schema, { skip: (row) => row % 5 === 0 });
  const whole = await encode(source, fitted, { numeric: opts.numeric });
  const pieces: Record<string, string>[] = [];
  for await (const chunk of encodeChunks(source, fitted, 64, { numeric: opts.numeric })) pieces.push(digestOf(chunk));
  const { sparse, dense, vocabularies, cardinalities, denseStats, rows } = fitted;
  return {
    fitted: { sparse, dense, labels: fitted.labels, vocabularies, cardinalities, denseStats, rows },
    encoded: digestOf(whole),
    chunks: pieces,
  };
}

let dir = "";
let expected: Record<string, Digest & { chunks: Record<string, string>[] }> = {};
const MIXED = { labels: ["click"], numeric: ["spend"], group: "user" };
const ADULT = { labels: ["income"], positive: { income: ">50K" } };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-encode-unchanged-"));
  expected = JSON.parse(await readFile(fixture("encoded-before-16.json"), "utf8"));
});
after(() => rm(dir, { recursive: true, force: true }));

test("UCI Adult (header-less, spaces after commas) encodes to the same ids, standardised values and labels as before the typed-column reader", async () => {
  const got = await encodedDigest({ path: fixture(ADULT_500), columns: ADULT_COLUMNS }, ADULT.labels, ADULT);
  assert.deepEqual(got, expected.adult);
});

test("a CSV with missing, NaN, quoted, padded and boolean cells encodes to the same ids, standardised values and labels as before", async () => {
  const got = await encodedDigest({ path: fixture("mixed-300.csv") }, MIXED.labels, MIXED);
  assert.deepEqual(got, expected.mixed);
});

test("the same mixed rows as Parquet encode to the same ids, standardised values and labels as before", async () => {
  const parquet = join(dir, "mixed-300.parquet");
  await withConnection((c) =>
    c.run(`COPY (SELECT * FROM read_csv(${sqlString(fixture("mixed-300.csv"))})) TO ${sqlString(parquet)} (FORMAT parquet)`),
  );
  const got = await encodedDigest({ path: parquet }, MIXED.labels, MIXED);
  assert.deepEqual(got, expected.mixedParquet);
});

for (const [how, maxRawMB] of [
  ["in one read", 1024],
  ["in two reads (raw cells over maxRawMB)", 0],
] as const) {
  test(`fitting and encoding ${how} gives the vocabularies, statistics and encoding that fitting, then encoding, gave before`, async () => {
    const source = { path: fixture("mixed-300.csv") };
    const schema = await inferSchema(source, MIXED.labels, { group: MIXED.group });
    const { fitted, encoded } = await fitAndEncode(source, schema, { skip: (row) => row % 5 === 0, numeric: MIXED.numeric, maxRawMB });
    const { sparse, dense, vocabularies, cardinalities, denseStats, rows } = fitted;
    const want = expected.mixed as Digest;
    assert.deepEqual({ sparse, dense, labels: fitted.labels, vocabularies, cardinalities, denseStats, rows }, want.fitted);
    assert.deepEqual(digestOf(encoded), want.encoded);
  });
}
