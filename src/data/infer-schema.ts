import { MtrecError } from "../errors.js";
import { distinctAggregates, distinctDecisions, distinctProfiles, type OmittedColumn } from "./distinct-counts.js";
import { withConnection } from "./duckdb.js";
import { readError } from "./duckdb-errors.js";
import { inferLabel, labelStrayKind, strayLabelMessage } from "./infer-label.js";
import { missingColumn, open } from "./reader.js";
import { type ColumnInfo, count, type OpenedSource } from "./source.js";
import { countStrays, firstStrays, isFew, type StrayCell, type StrayCount, strayPlace, TEXT_AMONG_NUMBERS } from "./stray-values.js";
import type { DataSource, DenseFeature, LabelSpec, Schema, SparseFeature } from "./types.js";

// printed beside the inferred schema, so it is found where the schema is made
export { describeSchema } from "./describe-schema.js";
export { MAX_CATEGORY_INTEGERS, type OmittedColumn, ROW_ID_DISTINCT_SHARE, ROW_ID_MIN_ROWS } from "./distinct-counts.js";

export interface InferOptions {
  /** The grouping column (user id) for GAUC; never an input. */
  group?: string;
  /** Columns that are not inputs (ids of rows, timestamps, leaks). */
  exclude?: string[];
  /** Per task: the value of a text or multi-valued label that means 1. */
  positive?: Record<string, string | number>;
  /** Inputs stated to be sparse (a vocabulary, minCount 1), whatever their values look like. */
  sparse?: string[];
  /** Inputs stated to be dense (numbers), whatever their values look like. */
  dense?: string[];
  /** Labels stated to be regression targets, whatever their values look like. */
  regression?: string[];
}

export interface InferredSchema {
  schema: Schema;
  omitted: OmittedColumn[];
  /**
   * Inputs read as categories though most of their values are numbers (too many of the others
   * to be strays): `share` is the numbers' share of the values counted. Worth a word to the
   * user, since one more look at the file may show a missing-value marker or a unit to strip.
   */
  mostlyNumbers: { column: string; share: number }[];
}

/** {@link inferSchemaExplained}'s schema alone. */
export async function inferSchema(source: DataSource, labels: string[], opts: InferOptions = {}): Promise<Schema> {
  return (await inferSchemaExplained(source, labels, opts)).schema;
}

/**
 * A first schema for a file, to run with or to edit into a config, and the columns it left out:
 * - labels, the group column, `exclude` and `truth_*` columns (ground truth kept for
 *   evaluation: an input made of it would score AUC 1.0) are never inputs;
 * - `sparse` and `dense` columns are what they are stated to be; of the others, text and
 *   booleans are sparse (vocabulary, minCount 1); so are integers with at most
 *   {@link MAX_CATEGORY_INTEGERS} distinct values, and integer ids (`id`, `uid`, `*_id`,
 *   `*Id`), however many; other numbers are dense;
 * - a would-be vocabulary with a value per row (≥ {@link ROW_ID_DISTINCT_SHARE} distinct per
 *   row, from {@link ROW_ID_MIN_ROWS} rows) is left out, with the reason in `omitted`: what
 *   it learns of one row never carries to another;
 * - a label stated regression is; one given a `positive` value is binary; otherwise 0/1 (or
 *   true/false) is binary, other numbers regression; text labels need `positive`;
 * - a column whose values are numbers but for a few (under 1 %), or a label that is 0/1 but
 *   for a few, is refused with the lines of the first strays, unless its type is stated:
 *   read as it is, one stray would turn numbers into a vocabulary, a 0/1 task into a regression.
 */
export async function inferSchemaExplained(source: DataSource, labels: string[], opts: InferOptions = {}): Promise<InferredSchema> {
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
  const notInputs = new Set([...labels, ...(opts.group === undefined ? [] : [opts.group]), ...(opts.exclude ?? [])]);
  const stated = statedInputs(opts, notInputs, need);
  checkLabelStatements(labels, opts);
  const inputs = opened.columns.filter((c) => !notInputs.has(c.name) && !c.name.startsWith("truth_"));
  const unstated = inputs.filter((c) => !stated.has(c.name));

  return withConnection(async (connection) => {
    try {
      const labelColumns = labels.map((l) => need(l, "label"));
      const statement = (l: string) => ({ positive: opts.positive?.[l], regression: opts.regression?.includes(l) });
      // the would-be vocabularies that may be ids of rows: booleans have two values, integers of a category at most 50
      const idCandidates = unstated.filter((c) => c.type === "string" || (c.type === "integer" && looksLikeId(c.name)));
      const integers = unstated.filter((c) => c.type === "integer" && !looksLikeId(c.name));
      const profiled = [...integers, ...idCandidates];
      // one scan of the whole file counts the strays the first rows leave open and profiles the columns' distinct values
      const { strays, extras } = await countStrays(
        connection,
        opened,
        [
          ...unstated.filter((c) => c.type === "string").map((column) => ({ column, kind: TEXT_AMONG_NUMBERS })),
          ...labelColumns.flatMap((column) => {
            const kind = labelStrayKind(column, statement(column.name));
            return kind ? [{ column, kind }] : [];
          }),
        ],
        distinctAggregates(opened, profiled),
      );
      await refuseStrays(opened, strays, new Set(labels));
      const { categorical, omitted } = await distinctDecisions(
        connection,
        opened,
        integers,
        idCandidates,
        distinctProfiles(profiled, extras),
      );
      const isSparse = (c: ColumnInfo) =>
        stated.get(c.name) === "sparse" ||
        (!stated.has(c.name) &&
          (c.type === "string" || c.type === "boolean" || (c.type === "integer" && (looksLikeId(c.name) || categorical.has(c.name)))));
      const left = new Set(omitted.map((o) => o.column));
      const sparse: SparseFeature[] = [];
      const dense: DenseFeature[] = [];
      for (const c of inputs) {
        if (left.has(c.name)) continue;
        if (isSparse(c)) sparse.push({ name: c.name, encoding: "vocab", minCount: 1 });
        else dense.push({ name: c.name });
      }
      const labelSpecs: LabelSpec[] = [];
      for (const column of labelColumns) {
        const counted = strays.find((s) => s.column === column);
        labelSpecs.push(await inferLabel(connection, opened, column, statement(column.name), counted));
      }
      const group = opts.group === undefined ? {} : { group: { column: opts.group } };
      const mostlyNumbers = strays
        .filter((c) => c.kind === TEXT_AMONG_NUMBERS && !stated.has(c.column.name) && !left.has(c.column.name))
        .filter((c) => c.present > 0 && !isFew(c) && c.strays < c.present / 2)
        .map((c) => ({ column: c.column.name, share: 1 - c.strays / c.present }));
      return { schema: { sparse, dense, labels: labelSpecs, ...group }, omitted, mostlyNumbers };
    } catch (err) {
      throw readError(opened.path, err);
    }
  });
}

/** The inputs whose type the user stated, checked: in the file, not a label or the like, not both. */
function statedInputs(opts: InferOptions, notInputs: Set<string>, need: (name: string, role: string) => ColumnInfo) {
  const stated = new Map<string, "sparse" | "dense">();
  for (const kind of ["sparse", "dense"] as const) {
    for (const name of opts[kind] ?? []) {
      need(name, `stated ${kind}`);
      if (notInputs.has(name) || name.startsWith("truth_"))
        throw new MtrecError(
          "BAD_ARGUMENT",
          `mtrec: "${name}" is stated ${kind}, but it is a label, the group column, excluded or ground truth (truth_*): never an input`,
        );
      if (stated.has(name) && stated.get(name) !== kind)
        throw new MtrecError("BAD_ARGUMENT", `mtrec: "${name}" is stated both sparse and dense; it can be one of them`);
      stated.set(name, kind);
    }
  }
  return stated;
}

function checkLabelStatements(labels: string[], opts: InferOptions): void {
  const known = labels.join(", ");
  for (const task of Object.keys(opts.positive ?? {})) {
    if (!labels.includes(task))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: a positive value is given for "${task}", which is not one of the labels (${known})`);
  }
  for (const task of opts.regression ?? []) {
    if (!labels.includes(task))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: "${task}" is stated regression, but it is not one of the labels (${known})`);
    if (opts.positive?.[task] !== undefined)
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: "${task}" is stated regression and given a positive value (binary); it can be one of them`,
      );
  }
}

/** Columns whose values are of one kind but for a few rows: refused, naming the first strays' lines. */
async function refuseStrays(opened: OpenedSource, strays: StrayCount[], labels: Set<string>): Promise<void> {
  const few = strays.filter(isFew);
  if (few.length === 0) return;
  const cells = await firstStrays(opened, few);
  const at = (c: StrayCount) => cells.get(c.column.name) as StrayCell[];
  const messages = few.map((c) => (labels.has(c.column.name) ? strayLabelMessage(opened, c, at(c)) : strayInputMessage(opened, c, at(c))));
  throw new MtrecError("BAD_DATA", messages.join("\n"));
}

function strayInputMessage(opened: OpenedSource, c: StrayCount, cells: StrayCell[]): string {
  const name = c.column.name;
  const { head, value, others } = strayPlace(opened, c, cells);
  return (
    `mtrec: ${head}: ${value} is not a number, but ${count(c.present - c.strays)} of the column's ${count(c.present)} values are ` +
    `(under 1 % are not${others}). Read as it is, the column would be text, a vocabulary of every value. State its type: ` +
    `--dense ${name} for a number (then fix those cells, or leave them empty if they mean missing), or --sparse ${name} for a category; ` +
    `in a config, "dense": ["${name}"] or "sparse": ["${name}"].`
  );
}

function looksLikeId(name: string): boolean {
  return /(^|[^A-Za-z])(id|ID|Id)$/.test(name) || /[a-z]Id$/.test(name) || /^uid$/i.test(name);
}
