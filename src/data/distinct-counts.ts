import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlName } from "./duckdb.js";
import { type ColumnInfo, count, type OpenedSource } from "./source.js";

/** Integer columns with at most this many distinct values are categories, others quantities. */
export const MAX_CATEGORY_INTEGERS = 50;
/** A would-be vocabulary with at least this many distinct values per row is an id of the row... */
export const ROW_ID_DISTINCT_SHARE = 0.9;
/** ...in a file of at least this many rows (in fewer, a sample of a large catalogue looks the same). */
export const ROW_ID_MIN_ROWS = 1000;

/** A column of the file that inference left out of the inputs although nobody asked, and why. */
export interface OmittedColumn {
  column: string;
  reason: string;
}

/** Distinct counts of `columns`, approximate (HyperLogLog, a few percent off) or exact, over the rows `from` yields. */
async function distinctCounts(
  connection: DuckDBConnection,
  opened: OpenedSource,
  columns: ColumnInfo[],
  how: "approx" | "exact",
  from = opened.scan(),
): Promise<number[]> {
  if (columns.length === 0) return [];
  const aggregate = (e: string) => (how === "approx" ? `approx_count_distinct(${e})` : `count(DISTINCT ${e})`);
  const sql = `SELECT ${columns.map((c, j) => `${aggregate(opened.select(c, false))}::DOUBLE AS ${sqlName(`c${j}`)}`).join(", ")} FROM ${from}`;
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {};
  return columns.map((_, j) => Number(row[`c${j}`]));
}

/** The integer columns with few distinct values: an approximate count first, exact (memory-hungry) only near the cut. */
export async function categoricalIntegers(connection: DuckDBConnection, opened: OpenedSource, columns: ColumnInfo[]): Promise<Set<string>> {
  const approx = await distinctCounts(connection, opened, columns, "approx");
  const near = columns.filter((_, j) => (approx[j] as number) <= 2 * MAX_CATEGORY_INTEGERS);
  const exact = await distinctCounts(connection, opened, near, "exact");
  return new Set(near.filter((_, j) => (exact[j] as number) <= MAX_CATEGORY_INTEGERS).map((c) => c.name));
}

/** Would-be vocabularies with about a value per row: ids of rows, not features. */
export async function rowIds(connection: DuckDBConnection, opened: OpenedSource, columns: ColumnInfo[]): Promise<OmittedColumn[]> {
  const rows = opened.rows;
  if (rows < ROW_ID_MIN_ROWS) return [];
  const cut = ROW_ID_DISTINCT_SHARE * rows;
  // the first fifth of the rows settles most columns: the rest adds at most a value per row
  const first = Math.ceil(0.2 * rows);
  const head = await distinctCounts(connection, opened, columns, "approx", `(SELECT * FROM ${opened.scan()} LIMIT ${first})`);
  const near = columns.filter((_, j) => (head[j] as number) >= 0.8 * (cut - (rows - first)));
  const exact = await distinctCounts(connection, opened, near, "exact");
  return near
    .map((c, j) => ({ c, n: exact[j] as number }))
    .filter(({ n }) => n >= cut)
    .map(({ c, n }) => ({
      column: c.name,
      reason:
        `${count(n)} distinct values in ${count(rows)} rows: an id of the row, whose embedding would learn nothing that carries to another row; ` +
        `to use it anyway, --sparse ${c.name} (in a config, "sparse": ["${c.name}"])`,
    }));
}
