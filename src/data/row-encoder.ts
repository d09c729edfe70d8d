import { isCoded, PerCode } from "./coded-text.js";
import { type ColumnPlan, planColumns } from "./columns.js";
import { hashBucket } from "./hash.js";
import { memorySource } from "./memory-source.js";
import type { ColumnSource, RawColumn, ReadChunk, ReadColumn } from "./raw-column.js";
import type { EncodedData, FittedSchema } from "./types.js";
import { type CellPlace, denseAt, type LabelReader, labelReader, readCells, textAt } from "./values.js";
import { numberIndex, vocabularyIndex } from "./vocabulary.js";

/*
 * The one row encoder: files (encode.ts, through DuckDB) and columns in memory (a request's
 * candidates, on a server or in a browser) both come here. It imports nothing from Node or
 * DuckDB, so the browser export runs the very code that encoded the training data.
 */

export interface EncodeOptions {
  /** Columns to carry along as text (an id for predictions). */
  keep?: string[];
  /** Numeric columns to carry as numbers (NaN where missing), e.g. a propensity or truth_* columns. */
  numeric?: string[];
  /** Read the labels; default true. False for data to score, which has none (`labels` is then empty). */
  labels?: boolean;
}

/** Encodes columns already in memory (a simulator's or a request's candidates) like a file; `name` stands for the file in messages. */
export function encodeColumns(
  name: string,
  columns: Record<string, RawColumn>,
  fitted: FittedSchema,
  opts: EncodeOptions = {},
): EncodedData {
  const source = memorySource(name, columns);
  const encoder = new RowEncoder(source, fitted, opts);
  const out = encoder.allocate(source.rows);
  encoder.write({ offset: 0, rows: source.rows, columns }, out, 0);
  return out;
}

/**
 * Sparse values to embedding rows (out-of-vocabulary and unseen values to row 0, hashed
 * features by FNV-1a), dense values standardised (missing ones to 0, the training mean), labels
 * to numbers, group values to dense integers in order of first appearance (kept across chunks).
 */
export class RowEncoder {
  readonly plan: ColumnPlan;
  private readonly lookups: (Map<string, number> | null)[];
  private readonly labels: LabelReader[];
  private readonly groups = new Map<string, number>();
  /** What each coded column's distinct values became, per role. */
  private readonly codes: { sparse: PerCode[]; dense: PerCode[]; labels: PerCode[]; group: PerCode; numeric: PerCode[] };

  constructor(
    private readonly source: ColumnSource,
    private readonly fitted: FittedSchema,
    opts: EncodeOptions,
  ) {
    const withLabels = opts.labels ?? true;
    this.plan = planColumns(source, withLabels ? fitted : { ...fitted, labels: [] }, opts.keep, opts.numeric);
    this.lookups = fitted.vocabularies.map((v) => (v ? vocabularyIndex(v) : null));
    this.labels = withLabels ? fitted.labels.map(labelReader) : [];
    const perCode = (n: number) => Array.from({ length: n }, () => new PerCode());
    this.codes = {
      sparse: perCode(fitted.sparse.length),
      dense: perCode(fitted.dense.length),
      labels: perCode(this.labels.length),
      group: new PerCode(),
      numeric: perCode(this.plan.numeric.length),
    };
  }

  allocate(rows: number): EncodedData {
    const data: EncodedData = {
      rows,
      sparse: this.fitted.sparse.map(() => new Int32Array(rows)),
      dense: new Float32Array(rows * this.fitted.dense.length),
      labels: this.labels.map(() => new Float32Array(rows)),
    };
    if (this.plan.group !== undefined) data.group = new Int32Array(rows);
    if (this.plan.keep.length > 0) data.keep = Object.fromEntries(this.plan.keep.map((k) => [k, new Array<string>(rows).fill("")]));
    if (this.plan.numeric.length > 0) data.numeric = Object.fromEntries(this.plan.numeric.map((k) => [k, new Float32Array(rows)]));
    return data;
  }

  /** Encodes `chunk` into `out` from row `at` on. Coded text (from the file reader) is looked up once per distinct value. */
  write(chunk: ReadChunk, out: EncodedData, at: number): void {
    const { plan, fitted, codes } = this;
    const get = (column: string) => chunk.columns[column] as ReadColumn;
    const place = (column: string): CellPlace => ({ opened: this.source, column, offset: chunk.offset });
    fitted.sparse.forEach((feature, f) => {
      const column = get(plan.sparse[f] as string);
      const ids = out.sparse[f] as Int32Array;
      const lookup = this.lookups[f];
      if (isCoded(column)) {
        const id = (text: string | null) =>
          lookup ? (lookup.get(text ?? "") ?? 0) : hashBucket(text ?? "", (feature as { buckets: number }).buckets);
        ids.set(codes.sparse[f]?.rows(column, chunk.rows, id) as Float64Array, at);
      } else if (lookup && column instanceof Float64Array) {
        const byNumber = numberIndex(fitted.vocabularies[f] as string[]);
        // NaN is a missing value: the empty category, as textAt reads it
        const missing = lookup.get("") ?? 0;
        for (let i = 0; i < chunk.rows; i++) {
          const v = column[i] as number;
          ids[at + i] = Number.isNaN(v) ? missing : byNumber.id(v);
        }
      } else if (lookup) {
        for (let i = 0; i < chunk.rows; i++) ids[at + i] = lookup.get(textAt(column, i)) ?? 0;
      } else if (feature.encoding === "hash") {
        for (let i = 0; i < chunk.rows; i++) ids[at + i] = hashBucket(textAt(column, i), feature.buckets);
      }
    });
    const width = fitted.dense.length;
    fitted.dense.forEach((_, f) => {
      const name = plan.dense[f] as string;
      const column = get(name);
      const where = place(name);
      const { mean, std } = fitted.denseStats[f] as { mean: number; std: number };
      if (isCoded(column)) {
        const values = readCells(column, chunk.rows, where, denseAt, codes.dense[f] as PerCode);
        for (let i = 0; i < chunk.rows; i++) {
          const v = values[i] as number;
          out.dense[(at + i) * width + f] = Number.isNaN(v) ? 0 : (v - mean) / std;
        }
        return;
      }
      for (let i = 0; i < chunk.rows; i++) {
        const v = denseAt(column, i, where);
        out.dense[(at + i) * width + f] = Number.isNaN(v) ? 0 : (v - mean) / std;
      }
    });
    this.labels.forEach((read, t) => {
      const name = plan.labels[t] as string;
      const column = get(name);
      const where = place(name);
      const target = out.labels[t] as Float32Array;
      if (isCoded(column)) target.set(readCells(column, chunk.rows, where, read, codes.labels[t] as PerCode), at);
      else for (let i = 0; i < chunk.rows; i++) target[at + i] = read(column, i, where);
    });
    if (plan.group !== undefined && out.group) {
      const column = get(plan.group);
      const groupOf = (value: string) => {
        let id = this.groups.get(value);
        if (id === undefined) {
          id = this.groups.size;
          this.groups.set(value, id);
        }
        return id;
      };
      // a code is first met at the row where its value first appears, so ids keep that order
      if (isCoded(column))
        out.group.set(
          codes.group.rows(column, chunk.rows, (text) => groupOf(text ?? "")),
          at,
        );
      else for (let i = 0; i < chunk.rows; i++) out.group[at + i] = groupOf(textAt(column, i));
    }
    for (const k of plan.keep) {
      const column = get(k);
      const target = out.keep?.[k] as string[];
      if (isCoded(column)) {
        const texts = column.dictionary.texts;
        for (let i = 0; i < chunk.rows; i++) target[at + i] = texts[column.codes[i] as number] ?? "";
      } else for (let i = 0; i < chunk.rows; i++) target[at + i] = textAt(column, i);
    }
    plan.numeric.forEach((k, n) => {
      const column = get(k);
      const where = place(k);
      const target = out.numeric?.[k] as Float32Array;
      if (isCoded(column)) target.set(readCells(column, chunk.rows, where, denseAt, codes.numeric[n] as PerCode), at);
      else for (let i = 0; i < chunk.rows; i++) target[at + i] = denseAt(column, i, where);
    });
  }
}
