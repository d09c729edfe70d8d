import { type ErrorCode, MtrecError } from "../errors.js";
import type { RawColumn } from "./raw-column.js";
import type { Schema } from "./types.js";

/*
 * A ranking request's candidates, as JSON brings them, turned into the columns the row encoder
 * reads from a file. Node-free: a server and a browser page share it.
 */

/** One field's value in a request: what JSON can hold for a feature. */
export type RequestValue = string | number | boolean | null;
/** One candidate, or the context: field name to value. */
export type RequestRow = Readonly<Record<string, RequestValue | undefined>>;
/** Candidates as an array of rows, or as columns (an object of equal-length arrays: smaller to send, faster to read). */
export type RequestCandidates = readonly RequestRow[] | Readonly<Record<string, readonly (RequestValue | undefined)[]>>;

/**
 * The request fields a schema reads: sparse features and the group as text, dense features as
 * numbers. A column that is both a category and a dense feature stays text, as a file reads
 * it; the dense side parses the text.
 */
export function requestFields(schema: Schema): { text: string[]; numeric: string[] } {
  const text = [...new Set([...schema.sparse.map((f) => f.column ?? f.name), ...(schema.group ? [schema.group.column] : [])])];
  const numeric = [...new Set(schema.dense.map((f) => f.column ?? f.name))].filter((c) => !text.includes(c));
  return { text, numeric };
}

/**
 * The columns the schema reads (sparse features and the group as text, dense features as
 * numbers), one value per candidate. A field of the context applies to every candidate that
 * has no value of its own for it (a candidate's own field wins, even when null). A missing
 * field is a missing value, as an empty cell is in a file: the empty category, the training
 * mean. A category whose values are all numbers (or missing) stays a column of numbers, NaN
 * where missing, which the encoder reads as each number's shortest decimal text (`String(n)`:
 * 3 → "3", 0.5 → "0.5"), the text a CSV file holds for it; in a column that mixes them, a
 * number becomes that text here, and a boolean "true" or "false". Other fields are not read,
 * as a file's other columns are not.
 */
export function requestColumns(
  schema: Schema,
  candidates: RequestCandidates,
  context: RequestRow = {},
  name = "candidates",
): { rows: number; columns: Record<string, RawColumn> } {
  const { text, numeric } = requestFields(schema);
  const field = isRows(candidates) ? rowsField(candidates, name) : columnsField(candidates, name);
  const columns: Record<string, RawColumn> = {};
  // a request of 1,000 candidates has ~16,000 cells: tight loops over each column's values,
  // the common cases first, no closure and no boxed number a cell
  for (const column of text) {
    const values = field.values(column, context[column]);
    columns[column] = allNumbers(values)
      ? categoryNumbers(values, (i) => field.where(column, i, context))
      : categoryTexts(values, (i) => field.where(column, i, context));
  }
  for (const column of numeric) {
    const values = field.values(column, context[column]);
    const where = (i: number) => field.where(column, i, context);
    const out = new Float64Array(field.rows);
    // the slow path takes the index as an argument: a closure over the loop's `i` would make
    // V8 allocate a context for every cell (~40 bytes each), taken or not
    for (let i = 0; i < out.length; i++) {
      const v = values[i];
      out[i] = typeof v === "number" && Number.isFinite(v) ? v : asNumber(v, where, i);
    }
    columns[column] = out;
  }
  return { rows: field.rows, columns };
}

/** Whether every value is a number or missing: then the category needs no text per cell (the encoder looks numbers up by value). */
function allNumbers(values: readonly (RequestValue | undefined)[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" && v !== null && v !== undefined) return false;
  }
  return true;
}

function categoryNumbers(values: readonly (RequestValue | undefined)[], where: (i: number) => string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw badRequest(where(i), `expected a finite number or text for a category, got ${v}`);
      out[i] = v;
    } else out[i] = Number.NaN;
  }
  return out;
}

function categoryTexts(values: readonly (RequestValue | undefined)[], where: (i: number) => string): (string | null)[] {
  const out = new Array<string | null>(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v === "string" || v === null || v === undefined) out[i] = v ?? null;
    else if (typeof v === "number" && Number.isFinite(v)) out[i] = String(v);
    else out[i] = asText(v, where, i);
  }
  return out;
}

interface Field {
  rows: number;
  /**
   * Each candidate's value of `column`: its own, or `fallback` (the context's) when it has none.
   * A column the candidates all carry is their own array, read where JSON.parse left it.
   */
  values(column: string, fallback: RequestValue | undefined): readonly (RequestValue | undefined)[];
  /** Where a value came from, for messages: `candidates[3].price` or `context.price`. */
  where(column: string, i: number, context: RequestRow): string;
}

function isRows(candidates: RequestCandidates): candidates is readonly RequestRow[] {
  return Array.isArray(candidates);
}

function rowsField(rows: readonly RequestRow[], name: string): Field {
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row))
      throw badRequest(`${name}[${i}]`, `expected an object of fields, got ${shown(row)}`);
  });
  return {
    rows: rows.length,
    values: (column, fallback) => {
      const out = new Array<RequestValue | undefined>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const own = (rows[i] as RequestRow)[column];
        out[i] = own === undefined ? fallback : own;
      }
      return out;
    },
    where: (column, i, context) =>
      (rows[i] as RequestRow)[column] === undefined && column in context ? `context.${column}` : `${name}[${i}].${column}`,
  };
}

function columnsField(columns: Readonly<Record<string, readonly (RequestValue | undefined)[]>>, name: string): Field {
  if (typeof columns !== "object" || columns === null)
    throw badRequest(name, `expected an array of rows or an object of columns, got ${shown(columns)}`);
  let rows: number | undefined;
  let first = "";
  for (const [column, values] of Object.entries(columns)) {
    if (!Array.isArray(values)) throw badRequest(`${name}.${column}`, `expected an array of values, got ${shown(values)}`);
    if (rows === undefined) {
      rows = values.length;
      first = column;
    } else if (values.length !== rows) {
      throw badRequest(
        `${name}.${column}`,
        `has ${values.length} values, but ${name}.${first} has ${rows}; every column needs one value per candidate`,
      );
    }
  }
  return {
    rows: rows ?? 0,
    values: (column, fallback) => {
      const own = Object.hasOwn(columns, column) ? columns[column] : undefined;
      if (own === undefined) return new Array<RequestValue | undefined>(rows ?? 0).fill(fallback);
      // JSON holds no undefined; a caller in code may leave holes for the context to fill
      return own.includes(undefined) ? Array.from(own, (v) => (v === undefined ? fallback : v)) : own;
    },
    where: (column, i, context) => (!Object.hasOwn(columns, column) && column in context ? `context.${column}` : `${name}.${column}[${i}]`),
  };
}

function asText(v: unknown, where: (i: number) => string, i: number): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw badRequest(where(i), `expected a finite number or text for a category, got ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return String(v);
  throw badRequest(where(i), `expected text, a number or null for a category, got ${shown(v)}`);
}

function asNumber(v: unknown, where: (i: number) => string, i: number): number {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === "number") {
    // NaN is how a typed column marks a missing value; the infinities are no value at all
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) throw badRequest(where(i), `expected a finite number, got ${v}`);
    return v;
  }
  throw badRequest(where(i), `expected a number or null for a dense feature, got ${shown(v)}`);
}

function shown(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v === undefined) return "nothing";
  return typeof v === "object" && v !== null ? "an object" : JSON.stringify(v);
}

/** An error about one field of a request, named as the client wrote it (`candidates[3].price`), so a server can return the field. */
export class FieldError extends MtrecError {
  constructor(
    readonly field: string,
    message: string,
    code: ErrorCode = "BAD_REQUEST",
  ) {
    super(code, `mtrec: request, field "${field}": ${message}`);
  }
}

function badRequest(field: string, message: string): FieldError {
  return new FieldError(field, message);
}
