import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { open, streamColumns } from "../src/data/reader.js";
import type { DataSource } from "../src/data/types.js";
import { MtrecError } from "../src/errors.js";
import { csvField, referenceCsv } from "./helpers/csv-reference.js";

// Seeded and bounded: each property reads at most RUNS small files (tens of milliseconds each).
const RUNS = 60;
const SEED = 11;
// a generous bound that only a hang reaches: the properties take seconds
const HANG = 300_000;

let dir = "";
let files = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-reader-fuzz-"));
});
after(() => rm(dir, { recursive: true, force: true }));

async function put(ext: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, `f${files++}.${ext}`);
  await writeFile(path, content);
  return path;
}

interface Read {
  rows: number;
  columns: string[];
  /** Every column's values as text (trimmed; null where empty). */
  values: Record<string, (string | null)[]>;
}

/** Reads the whole file as text, checking that chunks tile the rows; a named error is returned, anything else thrown. */
async function readAll(source: DataSource): Promise<Read | MtrecError> {
  try {
    const opened = await open(source);
    const columns = opened.columns.map((c) => c.name);
    const values: Record<string, (string | null)[]> = Object.fromEntries(columns.map((c) => [c, []]));
    let rows = 0;
    for await (const chunk of streamColumns(opened, { batchRows: 3, text: columns })) {
      assert.equal(chunk.offset, rows, "chunks are contiguous");
      for (const c of columns) {
        const column = chunk.columns[c] as (string | null)[];
        assert.equal(column.length, chunk.rows, `column ${c} holds the chunk's rows`);
        values[c]?.push(...column);
      }
      rows += chunk.rows;
    }
    assert.equal(rows, opened.rows, "the rows read are the rows counted");
    return { rows, columns, values };
  } catch (err) {
    if (err instanceof MtrecError) {
      assert.equal(err.code, "BAD_DATA", err.message);
      return err;
    }
    throw err;
  }
}

const FIELD_CHARS = ["a", "b", "z", "1", "7", ".", " ", ",", ";", '"', "\n", "é"];
const field = fc.array(fc.constantFrom(...FIELD_CHARS), { maxLength: 6 }).map((cs) => cs.join(""));
/** A table of 2-4 columns: a header of distinct names, and 1-12 rows. */
const table = fc.integer({ min: 2, max: 4 }).chain((width) =>
  fc.record({
    header: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
    delimiter: fc.constantFrom(",", "\t", ";"),
    newline: fc.constantFrom("\n", "\r\n"),
  }),
);

function serialise(t: { header: string[]; rows: string[][]; delimiter: string; newline: string }): string {
  return `${[t.header, ...t.rows].map((r) => r.map((f) => csvField(f, t.delimiter)).join(t.delimiter)).join(t.newline)}${t.newline}`;
}

/** A field as the reader delivers it: spaces around it trimmed, empty as missing. */
const delivered = (f: string): string | null => f.replace(/^ +| +$/g, "") || null;

test("a well-formed CSV/TSV reads back every row and value, whatever the delimiter, quoting and line ends", { timeout: HANG }, async () => {
  await fc.assert(
    fc.asyncProperty(table, async (t) => {
      const path = await put("csv", serialise(t));
      const read = await readAll({ path, header: true, delimiter: t.delimiter });
      assert.ok(!(read instanceof MtrecError), read instanceof MtrecError ? read.message : "");
      assert.equal(read.rows, t.rows.length);
      assert.deepEqual(read.columns, t.header);
      t.header.forEach((name, j) => {
        assert.deepEqual(
          read.values[name],
          t.rows.map((r) => delivered(r[j] as string)),
          name,
        );
      });
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test("a well-formed file with a header reads back every row with the delimiter and header detected", { timeout: HANG }, async () => {
  await fc.assert(
    fc.asyncProperty(table, async (t) => {
      const path = await put(t.delimiter === "\t" ? "tsv" : "csv", serialise(t));
      const read = await readAll({ path, header: true });
      assert.ok(!(read instanceof MtrecError), read instanceof MtrecError ? read.message : "");
      assert.equal(read.rows, t.rows.length);
      assert.deepEqual(read.columns, t.header);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

/** One edit of a file's text: a character deleted, inserted or replaced, a line doubled, or the end cut off. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(",", "\t", ";", '"', "\n", "\r", " ", "x", "9", '""'),
  }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), text: fc.constantFrom(",", '"', "\n", "x") }),
  fc.record({ kind: fc.constant("double line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case "delete":
      return text.slice(0, at) + text.slice(at + 1);
    case "insert":
      return text.slice(0, at) + e.text + text.slice(at);
    case "replace":
      return text.slice(0, at) + e.text + text.slice(at + 1);
    case "double line": {
      const lines = text.split("\n");
      const i = e.at % lines.length;
      lines.splice(i, 0, lines[i] as string);
      return lines.join("\n");
    }
    case "cut":
      return text.slice(0, Math.max(1, at));
  }
}

test("a CSV/TSV with random edits is read with the rows an RFC 4180 reading finds, or refused with a named error", {
  timeout: HANG,
}, async () => {
  await fc.assert(
    fc.asyncProperty(table, fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), async (t, edits, headerGiven) => {
      const text = edits.reduce(applyEdit, serialise(t));
      const path = await put("csv", text);
      const source: DataSource = headerGiven ? { path, header: true, delimiter: t.delimiter } : { path, header: true };
      const read = await readAll(source);
      if (read instanceof MtrecError) return;
      // some standard reading of the text, by the delimiter given or one the reader may have found, agrees
      // on rows and columns (text after a closing quote, `"a" b`, DuckDB reads leniently: rows are kept)
      const delimiters = source.delimiter ? [source.delimiter] : [",", "\t", ";", "|", "\u0001"];
      const agrees = delimiters.some((d) => {
        const reference = referenceCsv(text, d);
        return (
          !reference.unclosed &&
          reference.records.length - 1 === read.rows &&
          reference.records.every((r) => r.length === read.columns.length)
        );
      });
      assert.ok(agrees, `${read.rows} rows of ${read.columns.length} columns from ${JSON.stringify(text)}`);
    }),
    { seed: SEED, numRuns: RUNS * 2 },
  );
});

test("random bytes are read or refused with a named error, never a crash", { timeout: HANG }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.constantFrom("csv", "tsv", "jsonl"), async (bytes, ext) => {
      await readAll({ path: await put(ext, bytes) });
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test("random text from CSV's own characters is read or refused with a named error, never a crash", { timeout: HANG }, async () => {
  const text = fc
    .array(fc.constantFrom(",", "\t", '"', "\n", "\r", " ", "a", "1", "-", "."), { minLength: 1, maxLength: 80 })
    .map((cs) => cs.join(""));
  await fc.assert(
    fc.asyncProperty(text, fc.constantFrom("csv", "tsv"), async (content, ext) => {
      await readAll({ path: await put(ext, content) });
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

const jsonRow = fc.record({
  id: fc.integer({ min: 0, max: 99 }),
  city: fc.constantFrom("paris", "lyon", 'a "q"', "é"),
  price: fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
});

test("JSON lines with random edits are read with one row per non-blank line, or refused with a named error", {
  timeout: HANG,
}, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(jsonRow, { minLength: 1, maxLength: 10 }),
      fc.array(edit, { minLength: 1, maxLength: 2 }),
      async (rows, edits) => {
        const text = edits.reduce(applyEdit, `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
        const read = await readAll({ path: await put("jsonl", text) });
        if (read instanceof MtrecError) return;
        const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
        assert.equal(read.rows, lines.length, JSON.stringify(text));
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
});
