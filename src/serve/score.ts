import { encodeColumns } from "../data/encode.js";
import type { RawColumn } from "../data/reader.js";
import type { Predictions } from "../train/evaluate.js";
import type { LoadedModel } from "../train/load.js";

/** A request's value for one column: JSON's scalars (booleans only reach here as extra fields, never read). */
export type CellValue = string | number | boolean | null;
export type RowObject = Record<string, CellValue>;
export type ColumnsObject = Record<string, CellValue[]>;

/** The request columns the model reads, by how the encoder wants them. */
export interface InputColumns {
  /** Columns of categorical features: delivered as text, as the reader delivers them from files. */
  text: string[];
  /** Columns of dense features only: delivered as numbers, NaN where missing. */
  numeric: string[];
}

export function inputColumns(model: LoadedModel): InputColumns {
  const text = [...new Set(model.schema.sparse.map((f) => f.column ?? f.name))];
  const numeric = [...new Set(model.schema.dense.map((f) => f.column ?? f.name))].filter((c) => !text.includes(c));
  return { text, numeric };
}

/**
 * A categorical value's text as training saw it: a file's numeric column read as a category is
 * the number's text in the file, which for a JSON number is JavaScript's shortest round-trip form
 * (`3`, `0.25`): the same characters a CSV holds for it. Missing stays null (the empty category).
 */
function textOf(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : String(v);
}

function numberOf(v: CellValue | undefined): number {
  return typeof v === "number" ? v : Number.NaN;
}

/** Candidates given as row objects into the encoder's columns; a row's own field wins over the context's. */
export function columnsFromRows(inputs: InputColumns, rows: RowObject[], context: RowObject = {}): Record<string, RawColumn> {
  const n = rows.length;
  const columns: Record<string, RawColumn> = {};
  for (const c of inputs.text) {
    const out = new Array<string | null>(n);
    const fallback = textOf(context[c]);
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as RowObject)[c];
      out[i] = v === undefined ? fallback : textOf(v);
    }
    columns[c] = out;
  }
  for (const c of inputs.numeric) {
    const out = new Float64Array(n);
    const fallback = numberOf(context[c]);
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as RowObject)[c];
      out[i] = v === undefined ? fallback : numberOf(v);
    }
    columns[c] = out;
  }
  return columns;
}

/** Candidates given as columns (equal lengths, checked by the caller) into the encoder's columns. */
export function columnsFromColumns(
  inputs: InputColumns,
  given: ColumnsObject,
  n: number,
  context: RowObject = {},
): Record<string, RawColumn> {
  const columns: Record<string, RawColumn> = {};
  for (const c of inputs.text) {
    const values = given[c];
    columns[c] = values ? values.map(textOf) : new Array<string | null>(n).fill(textOf(context[c]));
  }
  for (const c of inputs.numeric) {
    const values = given[c];
    const out = new Float64Array(n);
    if (values) for (let i = 0; i < n; i++) out[i] = numberOf(values[i]);
    else out.fill(numberOf(context[c]));
    columns[c] = out;
  }
  return columns;
}

/**
 * Encodes columns with the model's own vocabularies, hashing and statistics (the encoder that
 * reads training files) and scores them: per task and, for funnel models, per head.
 */
export async function scoreColumns(
  model: LoadedModel,
  name: string,
  columns: Record<string, RawColumn>,
  rows: number,
): Promise<Predictions> {
  if (rows === 0) return { scores: Object.fromEntries(model.tasks.map((t) => [t.name, new Float32Array(0)])), gates: {} };
  // a request carries no group column: it is for GAUC at evaluation, never an input
  const schema = { ...model.schema, group: undefined };
  return model.predict(encodeColumns(name, columns, schema, { labels: false }));
}
