import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlName } from "./duckdb.js";
import { streamColumns } from "./reader.js";
import { type ColumnInfo, count, type OpenedSource } from "./source.js";

/**
 * Under this share of a column's values, values of another kind are strays (a typo, a
 * missing-value marker), not a second kind: one "abc" among numbers, one 2 in a 0/1 label.
 * Read as they are, they would silently change what the column becomes.
 */
export const STRAY_SHARE = 0.01;

/** A number written as text; "nan" is a missing value (as the encoder reads it), "inf" is not a number here. */
const NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";
const NUMBER_RE = new RegExp(`^${NUMBER}$`);

/** One kind of stray value, tested alike in SQL (to count) and on the rows read back (to find their lines). */
export interface StrayKind {
  sql(value: string): string;
  test(value: string | number | null): boolean;
}

/** Text among numbers, in a column DuckDB reads as text. */
export const TEXT_AMONG_NUMBERS: StrayKind = {
  sql: (v) => `(${v} IS NOT NULL AND NOT regexp_full_match(${v}, '${NUMBER}') AND lower(${v}) <> 'nan')`,
  test: (v) => typeof v === "string" && !NUMBER_RE.test(v) && v.toLowerCase() !== "nan",
};

/** A value other than 0 and 1, in a numeric column. */
export const NOT_ZERO_ONE: StrayKind = {
  sql: (v) => `(${v} IS NOT NULL AND NOT isnan(${v}) AND ${v} NOT IN (0, 1))`,
  test: (v) => typeof v === "number" && !Number.isNaN(v) && v !== 0 && v !== 1,
};

export interface StrayCount {
  column: ColumnInfo;
  kind: StrayKind;
  /** Values present (not missing). */
  present: number;
  /** Values of the other kind. */
  strays: number;
}

/**
 * How many values of each column are strays of its kind, and the values of `extras` (other
 * aggregates over the whole file, computed in the same scan). The first rows settle most
 * columns: strays in any part of the file that already make {@link STRAY_SHARE} of all its rows
 * are not a few, whatever the rest holds (a text column among them), so only the others are
 * counted over the whole file. For a settled column the counts are those of the first rows.
 */
export async function countStrays(
  connection: DuckDBConnection,
  opened: OpenedSource,
  checks: { column: ColumnInfo; kind: StrayKind }[],
  extras: string[] = [],
): Promise<{ strays: StrayCount[]; extras: number[] }> {
  const counted = async (of: typeof checks, from: string, more: string[] = []) => {
    if (of.length === 0 && more.length === 0) return { strays: [], extras: [] };
    const parts = of.flatMap(({ column, kind }, j) => {
      const v = opened.select(column, column.type === "string");
      return [`count(${v})::DOUBLE AS ${sqlName(`p${j}`)}`, `count_if(${kind.sql(v)})::DOUBLE AS ${sqlName(`s${j}`)}`];
    });
    const named = more.map((e, j) => `${e} AS ${sqlName(`x${j}`)}`);
    const row = (await connection.runAndReadAll(`SELECT ${[...parts, ...named].join(", ")} FROM ${from}`)).getRowObjectsJson()[0] ?? {};
    return {
      strays: of.map((c, j) => ({ ...c, present: Number(row[`p${j}`]), strays: Number(row[`s${j}`]) })),
      extras: more.map((_, j) => Number(row[`x${j}`])),
    };
  };
  const first = Math.min(opened.rows, Math.max(10_000, Math.ceil(2 * STRAY_SHARE * opened.rows)));
  if (first === opened.rows) return counted(checks, opened.scan(), extras);
  const head = (await counted(checks, `(SELECT * FROM ${opened.scan()} LIMIT ${first})`)).strays;
  const unsettled = head.filter((c) => c.strays < STRAY_SHARE * opened.rows);
  const whole = await counted(unsettled, opened.scan(), extras);
  return { strays: head.map((c) => whole.strays.find((w) => w.column === c.column) ?? c), extras: whole.extras };
}

/** Strays that are a few (under {@link STRAY_SHARE}), as opposed to none or a kind of their own. */
export function isFew(c: StrayCount): boolean {
  return c.strays > 0 && c.strays < STRAY_SHARE * c.present;
}

export interface StrayCell {
  /** 0-based data row. */
  row: number;
  value: string | number;
}

/** The first `limit` stray cells of each column, in file order (read back with the encoder's reader). */
export async function firstStrays(opened: OpenedSource, checks: StrayCount[], limit = 5): Promise<Map<string, StrayCell[]>> {
  const found = new Map(checks.map((c) => [c.column.name, [] as StrayCell[]]));
  if (checks.length === 0) return found;
  const full = () => [...found.values()].every((cells) => cells.length >= limit);
  for await (const chunk of streamColumns(opened, { columns: checks.map((c) => c.column.name) })) {
    for (const { column, kind } of checks) {
      const values = chunk.columns[column.name] as (string | null)[] | Float64Array;
      const cells = found.get(column.name) as StrayCell[];
      for (let i = 0; i < chunk.rows && cells.length < limit; i++) {
        const v = values[i] as string | number | null;
        if (kind.test(v)) cells.push({ row: chunk.offset + i, value: v as string | number });
      }
    }
    if (full()) break;
  }
  return found;
}

/** `f.csv, line 17, column "price"`, the first stray value, and where the next ones are, for an error message. */
export function strayPlace(opened: OpenedSource, c: StrayCount, cells: StrayCell[]): { head: string; value: string; others: string } {
  const shown = (v: string | number) => (typeof v === "number" ? String(v) : JSON.stringify(v));
  const [first, ...rest] = cells;
  const more = c.strays - cells.length;
  const others = rest.map((s) => `${opened.where(s.row)}: ${shown(s.value)}`);
  if (more > 0) others.push(`${count(more)} more`);
  return {
    head: `${opened.path}, ${first ? opened.where(first.row) : "somewhere"}, column "${c.column.name}"`,
    value: first ? shown(first.value) : "a value",
    others: others.length > 0 ? `; also ${others.join(", ")}` : "",
  };
}
