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

/** What inference's one scan of the whole file learns of a column's values: an approximate distinct count and the range. */
export interface DistinctProfile {
  /** HyperLogLog's distinct count, a few percent off. */
  approx: number;
  min: number;
  max: number;
}

/** The aggregates, three per column, that give {@link DistinctProfile}s: to be run in a scan that computes others too. */
export function distinctAggregates(opened: OpenedSource, columns: ColumnInfo[]): string[] {
  return columns.flatMap((c) => {
    const v = opened.select(c, false);
    const range = c.type === "string" ? ["NULL", "NULL"] : [`min(${v})`, `max(${v})`];
    return [`approx_count_distinct(${v})::DOUBLE`, ...range.map((e) => `${e}::DOUBLE`)];
  });
}

/** The profiles of `columns` from the values of {@link distinctAggregates}, in the same order. */
export function distinctProfiles(columns: ColumnInfo[], values: number[]): Map<string, DistinctProfile> {
  return new Map(
    columns.map((c, j) => [
      c.name,
      { approx: values[3 * j] as number, min: values[3 * j + 1] as number, max: values[3 * j + 2] as number },
    ]),
  );
}

/**
 * Which `integers` are categories (at most {@link MAX_CATEGORY_INTEGERS} distinct values) and
 * which of `idCandidates` (would-be vocabularies) hold about a value per row, from the profiles
 * of one scan: an integer column spanning at most 50 consecutive values holds at most 50, one
 * whose approximate count is far from the cut is settled by it, and only the columns near a
 * cut are counted exactly, in one more scan (memory-hungry, so only for those).
 */
export async function distinctDecisions(
  connection: DuckDBConnection,
  opened: OpenedSource,
  integers: ColumnInfo[],
  idCandidates: ColumnInfo[],
  profiles: Map<string, DistinctProfile>,
): Promise<{ categorical: Set<string>; omitted: OmittedColumn[] }> {
  const profile = (c: ColumnInfo) => profiles.get(c.name) as DistinctProfile;
  const categorical = new Set(integers.filter((c) => profile(c).max - profile(c).min + 1 <= MAX_CATEGORY_INTEGERS).map((c) => c.name));
  const nearCategory = integers.filter((c) => !categorical.has(c.name) && profile(c).approx <= 2 * MAX_CATEGORY_INTEGERS);
  const rows = opened.rows;
  const cut = ROW_ID_DISTINCT_SHARE * rows;
  const nearRowId = rows < ROW_ID_MIN_ROWS ? [] : idCandidates.filter((c) => profile(c).approx >= 0.8 * cut);
  const exact = await exactCounts(connection, opened, [...new Set([...nearCategory, ...nearRowId])]);
  for (const c of nearCategory) if ((exact.get(c.name) as number) <= MAX_CATEGORY_INTEGERS) categorical.add(c.name);
  const omitted = nearRowId
    .map((c) => ({ c, n: exact.get(c.name) as number }))
    .filter(({ n }) => n >= cut)
    .map(({ c, n }) => ({
      column: c.name,
      reason:
        `${count(n)} distinct values in ${count(rows)} rows: an id of the row, whose embedding would learn nothing that carries to another row; ` +
        `to use it anyway, --sparse ${c.name} (in a config, "sparse": ["${c.name}"])`,
    }));
  return { categorical, omitted };
}

async function exactCounts(connection: DuckDBConnection, opened: OpenedSource, columns: ColumnInfo[]): Promise<Map<string, number>> {
  if (columns.length === 0) return new Map();
  const sql = `SELECT ${columns.map((c, j) => `count(DISTINCT ${opened.select(c, false)})::DOUBLE AS ${sqlName(`c${j}`)}`).join(", ")} FROM ${opened.scan()}`;
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {};
  return new Map(columns.map((c, j) => [c.name, Number(row[`c${j}`])]));
}
