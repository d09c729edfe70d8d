import type { DuckDBConnection } from "@duckdb/node-api";
import { MtrecError } from "../errors.js";
import { sqlName, withConnection } from "./duckdb.js";
import { readError } from "./duckdb-errors.js";
import { missingColumn, open } from "./reader.js";
import type { ColumnInfo, OpenedSource } from "./source.js";
import type { DataSource, DenseFeature, LabelSpec, Schema, SparseFeature } from "./types.js";

// printed beside the inferred schema, so it is found where the schema is made
export { describeSchema } from "./describe-schema.js";

export interface InferOptions {
  /** The grouping column (user id) for GAUC; never an input. */
  group?: string;
  /** Columns that are not inputs (ids of rows, timestamps, leaks). */
  exclude?: string[];
  /** Per task: the value of a text or multi-valued label that means 1. */
  positive?: Record<string, string | number>;
}

/** Integer columns with at most this many distinct values are categories, others quantities. */
export const MAX_CATEGORY_INTEGERS = 50;

/**
 * A first schema for a file, to run with or to edit into a config:
 * - labels, the group column, `exclude` and `truth_*` columns (ground truth kept for
 *   evaluation: an input made of it would score AUC 1.0) are never inputs;
 * - text and booleans are sparse (vocabulary, minCount 1); so are integers with at most
 *   {@link MAX_CATEGORY_INTEGERS} distinct values, and integer ids (`id`, `uid`, `*_id`,
 *   `*Id`), however many; other numbers are dense;
 * - a label whose values are 0 and 1 (or true/false) is binary, a label given a `positive`
 *   value too; any other numeric label is regression; text labels need `positive`.
 */
export async function inferSchema(source: DataSource, labels: string[], opts: InferOptions = {}): Promise<Schema> {
  const opened = await open(source);
  if (opened.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${opened.path}: no data rows; there is nothing to infer a schema from`);
  const byName = new Map(opened.columns.map((c) => [c.name, c]));
  const need = (name: string, role: string): ColumnInfo => {
    const column = byName.get(name);
    if (!column) throw missingColumn(opened, name, role);
    return column;
  };
  for (const l of labels) need(l, `label of task "${l}"`);
  if (opts.group !== undefined) need(opts.group, "group column");
  for (const e of opts.exclude ?? []) need(e, "excluded column");
  for (const task of Object.keys(opts.positive ?? {})) {
    if (!labels.includes(task))
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: a positive value is given for "${task}", which is not one of the labels (${labels.join(", ")})`,
      );
  }
  const notInputs = new Set([...labels, ...(opts.group === undefined ? [] : [opts.group]), ...(opts.exclude ?? [])]);
  const inputs = opened.columns.filter((c) => !notInputs.has(c.name) && !c.name.startsWith("truth_"));

  return withConnection(async (connection) => {
    try {
      const categorical = await categoricalIntegers(
        connection,
        opened,
        inputs.filter((c) => c.type === "integer" && !looksLikeId(c.name)),
      );
      const sparse: SparseFeature[] = [];
      const dense: DenseFeature[] = [];
      for (const c of inputs) {
        const isSparse =
          c.type === "string" || c.type === "boolean" || (c.type === "integer" && (looksLikeId(c.name) || categorical.has(c.name)));
        if (isSparse) sparse.push({ name: c.name, encoding: "vocab", minCount: 1 });
        else dense.push({ name: c.name });
      }
      const labelSpecs: LabelSpec[] = [];
      for (const l of labels) labelSpecs.push(await inferLabel(connection, opened, need(l, "label"), opts.positive?.[l]));
      return { sparse, dense, labels: labelSpecs, ...(opts.group === undefined ? {} : { group: { column: opts.group } }) };
    } catch (err) {
      throw readError(opened.path, err);
    }
  });
}

function looksLikeId(name: string): boolean {
  return /(^|[^A-Za-z])(id|ID|Id)$/.test(name) || /[a-z]Id$/.test(name) || /^uid$/i.test(name);
}

/** The integer columns with few distinct values: an approximate count first, exact near the cut. */
async function categoricalIntegers(connection: DuckDBConnection, opened: OpenedSource, columns: ColumnInfo[]): Promise<Set<string>> {
  if (columns.length === 0) return new Set();
  const distinct = async (aggregate: (expression: string) => string, of: ColumnInfo[]) => {
    const sql = `SELECT ${of.map((c, j) => `${aggregate(opened.select(c, false))}::DOUBLE AS ${sqlName(`c${j}`)}`).join(", ")} FROM ${opened.scan()}`;
    const row = (await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {};
    return of.map((_, j) => Number(row[`c${j}`]));
  };
  // HyperLogLog is off by a few percent; only columns near the cut need the exact (memory-hungry) count
  const approx = await distinct((e) => `approx_count_distinct(${e})`, columns);
  const near = columns.filter((_, j) => (approx[j] as number) <= 2 * MAX_CATEGORY_INTEGERS);
  if (near.length === 0) return new Set();
  const counts = await distinct((e) => `count(DISTINCT ${e})`, near);
  return new Set(near.filter((_, j) => (counts[j] as number) <= MAX_CATEGORY_INTEGERS).map((c) => c.name));
}

async function inferLabel(
  connection: DuckDBConnection,
  opened: OpenedSource,
  column: ColumnInfo,
  positive: string | number | undefined,
): Promise<LabelSpec> {
  const name = column.name;
  if (positive !== undefined) return { name, type: "binary", positive };
  if (column.type === "boolean") return { name, type: "binary" };
  const value = opened.select(column, column.type === "string");
  if (column.type !== "string") {
    const sql = `SELECT count(${value})::DOUBLE AS present, bool_and(${value} IN (0, 1)) AS binary FROM ${opened.scan()}`;
    const row = (await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {};
    if (Number(row.present) === 0)
      throw new MtrecError("BAD_DATA", `mtrec: ${opened.path}, column "${name}": the label of task "${name}" is empty in every row`);
    return { name, type: row.binary === true ? "binary" : "regression" };
  }
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
