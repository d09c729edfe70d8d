import type { DuckDBConnection } from "@duckdb/node-api";
import { MtrecError } from "../errors.js";
import type { ColumnInfo, OpenedSource } from "./source.js";
import { count } from "./source.js";
import { isFew, NOT_ZERO_ONE, type StrayCell, type StrayCount, type StrayKind, strayPlace, TEXT_AMONG_NUMBERS } from "./stray-values.js";
import type { LabelSpec } from "./types.js";

/** What a label column is stated to be; anything not stated is read off its values. */
export interface LabelStatement {
  positive?: string | number;
  regression?: boolean;
}

/** The stray check a label needs before its type can be read off its values, if any. */
export function labelStrayKind(column: ColumnInfo, stated: LabelStatement): StrayKind | undefined {
  if (stated.positive !== undefined || stated.regression || column.type === "boolean") return undefined;
  return column.type === "string" ? TEXT_AMONG_NUMBERS : NOT_ZERO_ONE;
}

/**
 * A label's type: stated (a positive value: binary; regression), or read off its values:
 * booleans and 0/1 are binary, other numbers regression; text needs a positive value.
 * `strays` is the count of {@link labelStrayKind}'s values, already refused when few.
 */
export async function inferLabel(
  connection: DuckDBConnection,
  opened: OpenedSource,
  column: ColumnInfo,
  stated: LabelStatement,
  strays: StrayCount | undefined,
): Promise<LabelSpec> {
  const name = column.name;
  if (stated.positive !== undefined) return { name, type: "binary", positive: stated.positive };
  if (stated.regression) return { name, type: "regression" };
  if (column.type === "boolean") return { name, type: "binary" };
  if (column.type !== "string") {
    if (!strays || strays.present === 0)
      throw new MtrecError("BAD_DATA", `mtrec: ${opened.path}, column "${name}": the label of task "${name}" is empty in every row`);
    return { name, type: strays.strays === 0 ? "binary" : "regression" };
  }
  const value = opened.select(column, true);
  const sql = `SELECT ${value} AS v, count(*)::DOUBLE AS n FROM ${opened.scan()} WHERE ${value} IS NOT NULL GROUP BY ALL ORDER BY n, v LIMIT 3`;
  const values = (await connection.runAndReadAll(sql)).getRowObjectsJson().map((r) => String(r.v));
  if (values.length === 2) {
    const [rare = "", common = ""] = values;
    const [rarer, other] = [JSON.stringify(rare), JSON.stringify(common)];
    throw new MtrecError(
      "BAD_CONFIG",
      `mtrec: ${opened.path}, column "${name}": the label of task "${name}" holds two values, ${rarer} and ${other}; say which one means 1: on the command line --positive ${name}=${rare}, in a config "positive": { "${name}": ${rarer} }.`,
    );
  }
  throw new MtrecError(
    "BAD_CONFIG",
    `mtrec: ${opened.path}, column "${name}": the label of task "${name}" holds text (${values.length > 2 ? "more than two values" : `only ${JSON.stringify(values[0])}`}), ` +
      `so it is neither 0/1 nor a number; set "positive" to the value that means 1 (every other value becomes 0).`,
  );
}

/** Why a label with a few values of another kind is refused, and the ways to state its type. */
export function strayLabelMessage(opened: OpenedSource, c: StrayCount, cells: StrayCell[]): string | undefined {
  if (!isFew(c)) return undefined;
  const name = c.column.name;
  const { head, value, others } = strayPlace(opened, c, cells);
  const usual = `${count(c.present - c.strays)} of its ${count(c.present)} values are`;
  const what =
    c.kind === NOT_ZERO_ONE
      ? `${value} is neither 0 nor 1, but ${usual} (under 1 % are not${others}). Read as it is, task "${name}" would become a regression.`
      : `${value} is not a number, but ${usual} (under 1 % are not${others}). Read as it is, the label is text and cannot be trained on.`;
  return (
    `mtrec: ${head}: ${what} If the label is 0/1, fix those rows, or count only 1 as positive with --positive ${name}=1 ` +
    `(every other value 0); if it is a number to predict, state it with --regression ${name} (in a config, "regression": ["${name}"]).`
  );
}
