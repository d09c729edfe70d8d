import { stat } from "node:fs/promises";
import type { DuckDBConnection, DuckDBVector } from "@duckdb/node-api";
import { MtrecError } from "../errors.js";
import { missingColumn } from "./columns.js";
import { connect, withConnection } from "./duckdb.js";
import { readError } from "./duckdb-errors.js";
import type { RawChunk, RawColumn } from "./raw-column.js";
import { type ColumnInfo, count, type OpenedSource, openSource } from "./source.js";
import { hashHalves, TextCache } from "./text-cache.js";
import type { DataSource } from "./types.js";
import { doubleValues, notNull } from "./vector-values.js";

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
  const opened = await withConnection((connection) => openSource(source, connection));
  recentlyOpened.set(key, opened);
  if (recentlyOpened.size > 16) recentlyOpened.delete(recentlyOpened.keys().next().value as string);
  return opened;
}

const recentlyOpened = new Map<string, OpenedSource>();

/** {@link readChunks} on a file already opened. */
export async function* streamColumns(opened: OpenedSource, opts: ReadOptions = {}): AsyncGenerator<RawChunk> {
  const batchRows = opts.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: batchRows must be a positive whole number, got ${batchRows}`);
  const wanted = pickColumns(opened, opts.columns);
  const text = new Set(opts.text ?? []);
  const asText = wanted.map((c) => text.has(c.name) || c.type === "string");
  // text columns come as three: the value, and the two halves of its hash (see TextCache)
  const projection =
    wanted.flatMap((c, j) => (asText[j] ? withHash(opened.select(c, true)) : [notNull(opened.select(c, false))])).join(", ") || "NULL";
  const caches = asText.map((t) => (t ? new TextCache() : null));
  const sql = `SELECT ${projection} FROM ${opened.scan(new Set(wanted.filter((c, j) => asText[j] && text.has(c.name)).map((c) => c.name)))}`;
  const connection = await connect();
  try {
    let delivered = 0;
    let batch = newBatch(wanted, asText, Math.min(batchRows, Math.max(opened.rows, 1)));
    let filled = 0;
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
        copyRows(vectors, caches, batch.columns, from, filled, take);
        from += take;
        filled += take;
        if (filled === batch.length) {
          yield toChunk(wanted, batch.columns, delivered, filled);
          delivered += filled;
          filled = 0;
          batch = newBatch(wanted, asText, Math.min(batchRows, Math.max(opened.rows - delivered, 1)));
        }
      }
    }
    if (filled > 0) {
      yield toChunk(wanted, batch.columns, delivered, filled);
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
  columns: RawColumn[];
}

function newBatch(wanted: ColumnInfo[], asText: boolean[], length: number): Batch {
  return { length, columns: wanted.map((_, j) => (asText[j] ? new Array<string | null>(length).fill(null) : new Float64Array(length))) };
}

/** A hash is never NULL, but a -1 for one (no hash half is negative) keeps every half a plain number. */
function withHash(expression: string): string[] {
  return [expression, ...hashHalves(expression).map((half) => notNull(half, "-1"))];
}

/** The numbers of a never-NULL DOUBLE vector: DuckDB's buffer itself when the binding exposes it. */
function numbersOf(vector: DuckDBVector): Float64Array {
  return doubleValues(vector) ?? Float64Array.from({ length: vector.itemCount }, (_, i) => vector.getItem(i) as number);
}

function copyRows(vectors: DuckDBVector[], caches: (TextCache | null)[], into: RawColumn[], from: number, to: number, rows: number): void {
  let v = 0;
  for (let j = 0; j < into.length; j++) {
    const cache = caches[j];
    const values = vectors[v++] as DuckDBVector;
    if (cache) {
      const high = numbersOf(vectors[v++] as DuckDBVector);
      const low = numbersOf(vectors[v++] as DuckDBVector);
      const strings = into[j] as (string | null)[];
      for (let k = 0; k < rows; k++) strings[to + k] = cache.text(high[from + k] as number, low[from + k] as number, values, from + k);
    } else {
      (into[j] as Float64Array).set(numbersOf(values).subarray(from, from + rows), to);
    }
  }
}

function toChunk(wanted: ColumnInfo[], columns: RawColumn[], offset: number, rows: number): RawChunk {
  const out: Record<string, RawColumn> = {};
  wanted.forEach((c, j) => {
    const column = columns[j] as RawColumn;
    out[c.name] = column.length === rows ? column : column instanceof Float64Array ? column.subarray(0, rows) : column.slice(0, rows);
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
