import { MtrecError } from "../errors.js";
import type { ColumnSource } from "./raw-column.js";
import type { Schema } from "./types.js";

/** Which file column feeds each part of a schema, checked against the file. */
export interface ColumnPlan {
  sparse: string[];
  dense: string[];
  labels: string[];
  group?: string;
  keep: string[];
  /** Numeric columns carried through as numbers (a propensity, the simulator's truth). */
  numeric: string[];
  /** Every column to read, once each. */
  read: string[];
  /** The columns read as text: categories, the group, kept columns. */
  text: string[];
}

export function planColumns(opened: ColumnSource, schema: Schema, keep: string[] = [], numeric: string[] = []): ColumnPlan {
  const present = new Set(opened.columns.map((c) => c.name));
  const check = (column: string, role: string): string => {
    if (!present.has(column)) throw missingColumn(opened, column, role);
    return column;
  };
  const plan: ColumnPlan = {
    sparse: schema.sparse.map((f) => check(f.column ?? f.name, `sparse feature "${f.name}"`)),
    dense: schema.dense.map((f) => check(f.column ?? f.name, `dense feature "${f.name}"`)),
    labels: schema.labels.map((l) => check(l.column ?? l.name, `label of task "${l.name}"`)),
    group: schema.group ? check(schema.group.column, "group column") : undefined,
    keep: keep.map((k) => check(k, "a column to keep")),
    numeric: numeric.map((k) => check(k, "a numeric column to carry")),
    read: [],
    text: [],
  };
  const text = [...plan.sparse, ...(plan.group === undefined ? [] : [plan.group]), ...plan.keep];
  plan.read = [...new Set([...plan.sparse, ...plan.dense, ...plan.labels, ...plan.numeric, ...text])];
  plan.text = [...new Set(text)];
  return plan;
}

/** A column the schema or the caller asks for is not in the file. */
export function missingColumn(opened: ColumnSource, name: string, role?: string): MtrecError {
  const names = opened.columns.map((c) => c.name);
  const shown = names.length > 40 ? `${names.slice(0, 40).join(", ")}, … (${names.length} in all)` : names.join(", ");
  const what = role ? ` (${role})` : "";
  return new MtrecError("BAD_DATA", `mtrec: ${opened.path}: no column "${name}"${what}; the file has columns: ${shown}`);
}
