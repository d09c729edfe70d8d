import { stat } from "node:fs/promises";
import type { DuckDBConnection, DuckDBVector } from "@duckdb/node-api";
import { MtrecError } from "../errors.js";
import type { CodedText } from "./coded-text.js";
import { missingColumn } from "./columns.js";
import { connect, withConnection } from "./duckdb.js";
import { readError } from "./duckdb-errors.js";
import type { RawChunk, RawColumn } from "./raw-column.js";
import { type ColumnInfo, count, type OpenedSource, openSource } from "./source.js";
import { TextDictionary } from "./text-dictionary.js";
import type { DataSource } from "./types.js";
import { doubleValues, hashWords, notNull } from "./vector-values.js";

export type { RawChunk, RawColumn };
export { missingColumn };

export interface ReadOptions {
  /** Rows per chunk (the last may be shorter). Default 65,536. */
  batchRows?: number;
  /** The columns to read; default all. */
  columns?: string[];
  /** Columns to deliver as text even when they hold numbers (categorical ids). */
  text?: string[];
}

const DEFAULT_BATCH_ROWS = 65_536;

/**
 * Streams a CSV, TSV, Parquet or JSON-lines file in chunks of rows, so files larger than
 * memory can be read. Numeric and boolean columns arrive as Float64Array (booleans as 1/0),
 * everything else as text, with the spaces around CSV fields trimmed.
 */
export async function* readChunks(source: DataSource, opts: ReadOptions = {}): AsyncIterable<RawChunk> {
  yield* streamColumns(await open(source), opts);
}

/** The file's columns and the type DuckDB reads each as. */
export async function describeColumns(source: DataSource): Promise<ColumnInfo[]> {
  return (await open(source)).columns;
}

/**
 * Reads a file's layout (header, delimiter, columns, row count) without reading its rows.
 * Fitting and then encoding the same file opens it twice; the layout is remembered for as
 * long as the file's size and modification time stay the same.
 */
export async function open(source: DataSource): Promise<OpenedSource> {
  const version = await stat(source.path).then(
    (s) => `${s.size}:${s.mtimeMs}`,
    () => undefined,
  );
  const key = JSON.stringify([source.path, source.format, source.header, source.delimiter, source.columns, version]);
  const known = recentlyOpened.get(key);
  if (known && version !== undefined) return known;
  // kept while it runs, so a second open of the same file (a command that starts one early) waits for the first
  const opening = withConnection((connection) => openSource(source, connection));
  recentlyOpened.set(key, opening);
  if (recentlyOpened.size > 16) recentlyOpened.delete(recentlyOpened.keys().next().value as string);
  // a failure is not remembered: the next open tries the file again
  opening.catch(() => recentlyOpened.get(key) === opening && recentlyOpened.delete(key));
  return opening;
}

const recentlyOpened = new Map<string, Promise<OpenedSource>>();

/** {@link readChunks} on a file already opened. */
export async function* streamColumns(opened: OpenedSource, opts: ReadOptions = {}): AsyncGenerator<RawChunk> {
  for await (const chunk of streamCoded(opened, opts)) {
    const columns: Record<string, RawColumn> = {};
    for (const [name, column] of Object.entries(chunk.columns)) {
      if (column instanceof Float64Array) columns[name] = column;
      else {
        const { codes, dictionary } = column;
        columns[name] = Array.from(codes, (code) => dictionary.texts[code] as string | null);
      }
    }
    yield { offset: chunk.offset, rows: chunk.rows, columns };
  }
}

/** A chunk as {@link streamCoded} delivers it: numbers, or text as codes into a dictionary. */
export interface CodedChunk {
  offset: number;
  rows: number;
  columns: Record<string, Float64Array | CodedText>;
}

// How far DuckDB's threads may read ahead of JavaScript: at the default (under 1 MB, a chunk or
// two) they stop after every chunk until it is fetched, and a streamed CSV read took about 1.5x
// the time of the same read materialised. 64 MB is a few chunks of 65,536 rows of a wide file.
const STREAMING_BUFFER = "64MB";

/** A column's distinct texts start a new dictionary past this many (an id column would otherwise hold every value). */
const MAX_CODES = 1 << 20;

/**
 * {@link streamColumns} with each text column as codes into a dictionary of its distinct
 * values, so the fit and the encoder work per distinct value and per code, not per string.
 * A column's dictionary lasts from chunk to chunk until it passes {@link MAX_CODES} values.
 */
export async function* streamCoded(opened: OpenedSource, opts: ReadOptions = {}): AsyncGenerator<CodedChunk> {
  const batchRows = opts.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: batchRows must be a positive whole number, got ${batchRows}`);
  const wanted = pickColumns(opened, opts.columns);
  const text = new Set(opts.text ?? []);
  const asText = wanted.map((c) => text.has(c.name) || c.type === "string");
  // text columns come as two: the value, and DuckDB's hash of it (see TextDictionary)
  const projection =
    wanted
      .flatMap((c, j) => {
        const value = opened.select(c, asText[j] === true);
        return asText[j] ? [value, `hash(${value})`] : [notNull(value)];
      })
      .join(", ") || "NULL";
  let dictionaries = asText.map((t) => (t ? new TextDictionary() : null));
  const sql = `SELECT ${projection} FROM ${opened.scan(new Set(wanted.filter((c, j) => asText[j] && text.has(c.name)).map((c) => c.name)))}`;
  const connection = await connect();
  try {
    let delivered = 0;
    let batch = newBatch(asText, Math.min(batchRows, Math.max(opened.rows, 1)));
    let filled = 0;
    await connection.run(`SET streaming_buffer_size = '${STREAMING_BUFFER}'`);
    const result = await connection.stream(sql).catch((err: unknown) => {
      throw readError(opened.path, err);
    });
    for (;;) {
      const chunk = await result.fetchChunk().catch((err: unknown) => {
        throw readError(opened.path, err);
      });
      if (!chunk || chunk.rowCount === 0) break;
      const vectors = Array.from({ length: chunk.columnCount }, (_, j) => chunk.getColumnVector(j));
      let from = 0;
      while (from < chunk.rowCount) {
        const take = Math.min(chunk.rowCount - from, batch.length - filled);
        copyRows(vectors, dictionaries, batch.columns, from, filled, take);
        from += take;
        filled += take;
        if (filled === batch.length) {
          yield toChunk(wanted, batch.columns, dictionaries, delivered, filled);
          delivered += filled;
          filled = 0;
          batch = newBatch(asText, Math.min(batchRows, Math.max(opened.rows - delivered, 1)));
          dictionaries = dictionaries.map((d) => (d && d.size > MAX_CODES ? new TextDictionary() : d));
        }
      }
    }
    if (filled > 0) {
      yield toChunk(wanted, batch.columns, dictionaries, delivered, filled);
      delivered += filled;
    }
    if (delivered !== opened.rows) await explainShortRead(connection, opened, sql, delivered);
  } finally {
    connection.closeSync();
  }
}

function pickColumns(opened: OpenedSource, names: string[] | undefined): ColumnInfo[] {
  if (!names) return opened.columns;
  return names.map((name) => {
    const column = opened.columns.find((c) => c.name === name);
    if (!column) throw missingColumn(opened, name);
    return column;
  });
}

interface Batch {
  length: number;
  /** Numbers, or the codes of a text column. */
  columns: (Float64Array | Int32Array)[];
}

function newBatch(asText: boolean[], length: number): Batch {
  return { length, columns: asText.map((t) => (t ? new Int32Array(length) : new Float64Array(length))) };
}

/** The numbers of a never-NULL DOUBLE vector: DuckDB's buffer itself when the binding exposes it. */
function numbersOf(vector: DuckDBVector): Float64Array {
  return doubleValues(vector) ?? Float64Array.from({ length: vector.itemCount }, (_, i) => vector.getItem(i) as number);
}

function copyRows(
  vectors: DuckDBVector[],
  dictionaries: (TextDictionary | null)[],
  into: (Float64Array | Int32Array)[],
  from: number,
  to: number,
  rows: number,
): void {
  let v = 0;
  for (let j = 0; j < into.length; j++) {
    const dictionary = dictionaries[j];
    const values = vectors[v++] as DuckDBVector;
    if (dictionary) dictionary.encode(hashWords(vectors[v++] as DuckDBVector), values, from, rows, into[j] as Int32Array, to);
    else (into[j] as Float64Array).set(numbersOf(values).subarray(from, from + rows), to);
  }
}

function toChunk(
  wanted: ColumnInfo[],
  columns: (Float64Array | Int32Array)[],
  dictionaries: (TextDictionary | null)[],
  offset: number,
  rows: number,
): CodedChunk {
  const out: Record<string, Float64Array | CodedText> = {};
  wanted.forEach((c, j) => {
    const column = columns[j] as Float64Array | Int32Array;
    const part = column.length === rows ? column : column.subarray(0, rows);
    const dictionary = dictionaries[j];
    out[c.name] = dictionary ? { codes: part as Int32Array, dictionary } : (part as Float64Array);
  });
  return { offset, rows, columns: out };
}

/**
 * A DuckDB stream that fails part-way (a value its guessed column type cannot hold) ends as
 * if the file had ended: the Node binding does not pass the error on. The row count taken at
 * open time exposes the short read; running the rest of the query materialised surfaces
 * DuckDB's message, which names the line.
 */
async function explainShortRead(connection: DuckDBConnection, opened: OpenedSource, sql: string, delivered: number): Promise<never> {
  try {
    await connection.run(`${sql} OFFSET ${delivered}`);
  } catch (err) {
    throw readError(opened.path, err);
  }
  throw new MtrecError(
    "BAD_DATA",
    `mtrec: ${opened.path}: reading stopped after ${count(delivered)} of ${count(opened.rows)} data rows, near ${opened.where(delivered)}, without saying why`,
  );
}
