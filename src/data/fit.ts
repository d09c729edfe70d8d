import { MtrecError } from "../errors.js";
import { CodeCounts, isCoded, PerCode } from "./coded-text.js";
import { type ColumnPlan, planColumns } from "./columns.js";
import { DenseStats } from "./dense-stats.js";
import type { ReadChunk, ReadColumn } from "./raw-column.js";
import { open, streamCoded } from "./reader.js";
import { checkSchema } from "./schema-config.js";
import { count, type OpenedSource } from "./source.js";
import type { DataSource, FittedSchema, Schema } from "./types.js";
import { type CellPlace, denseAt, type LabelReader, labelReader, readCells, textAt } from "./values.js";
import { ValueCounter } from "./vocabulary.js";

export interface FitOptions {
  /**
   * Rows (0-based data rows) the vocabularies and statistics must not see: the validation rows
   * of a split, so that what the model is judged on never shapes its encoding. Their labels
   * are still checked.
   */
  skip?: (row: number) => boolean;
}

/**
 * Learns, in one streaming pass over the training data, what encoding needs: each vocabulary
 * (values seen at least `minCount` times), each dense column's mean and standard deviation,
 * and that every label can be read.
 */
export async function fitSchema(source: DataSource, schema: Schema, opts: FitOptions = {}): Promise<FittedSchema> {
  checkSchema(schema);
  const opened = await open(source);
  if (opened.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${opened.path}: no data rows; there is nothing to fit the schema on`);
  const fitter = new SchemaFitter(opened, schema, opts);
  for await (const chunk of streamCoded(opened, { columns: fitter.plan.read, text: fitter.plan.text })) fitter.add(chunk);
  return fitter.result();
}

/** What {@link fitSchema} learns, fed chunk by chunk: a caller that holds the chunks anyway (to encode them next) reads the file once. */
export class SchemaFitter {
  readonly plan: ColumnPlan;
  private readonly counters: (ValueCounter | null)[];
  private readonly stats: DenseStats[];
  private readonly readers: LabelReader[];
  private readonly positives: number[];
  /** Labels with a configured positive value: what they hold, to explain a positive that never occurs. */
  private readonly labelValues: (ValueCounter | null)[];
  private fittedRows = 0;
  /** Coded text is counted by code, then handed to the counters above by text. */
  private readonly codeCounts: (CodeCounts | null)[];
  private readonly labelValueCodes: (CodeCounts | null)[];
  private readonly denseCodes: PerCode[];
  private readonly labelCodes: PerCode[];

  constructor(
    private readonly opened: OpenedSource,
    private readonly schema: Schema,
    private readonly opts: FitOptions = {},
  ) {
    this.plan = planColumns(opened, schema);
    this.counters = schema.sparse.map((f) => (f.encoding === "vocab" ? new ValueCounter() : null));
    this.stats = schema.dense.map(() => new DenseStats());
    this.readers = schema.labels.map(labelReader);
    this.positives = schema.labels.map(() => 0);
    this.labelValues = schema.labels.map((l) => (l.type === "binary" && l.positive !== undefined ? new ValueCounter() : null));
    this.codeCounts = this.counters.map((c) => (c ? new CodeCounts(c) : null));
    this.labelValueCodes = this.labelValues.map((c) => (c ? new CodeCounts(c) : null));
    this.denseCodes = schema.dense.map(() => new PerCode());
    this.labelCodes = schema.labels.map(() => new PerCode());
  }

  add(chunk: ReadChunk): void {
    const { opened, plan, opts } = this;
    const at = (column: string): CellPlace => ({ opened, column, offset: chunk.offset });
    const get = (column: string) => chunk.columns[column] as ReadColumn;
    const skipped = Uint8Array.from({ length: chunk.rows }, (_, i) => (opts.skip?.(chunk.offset + i) ? 1 : 0));
    const used: number[] = [];
    for (let i = 0; i < chunk.rows; i++) if (skipped[i] === 0) used.push(i);
    this.fittedRows += used.length;
    this.counters.forEach((counter, f) => {
      if (!counter) return;
      const column = get(plan.sparse[f] as string);
      if (isCoded(column)) (this.codeCounts[f] as CodeCounts).add(column, chunk.rows, used);
      else for (const i of used) counter.add(textAt(column, i));
    });
    this.stats.forEach((s, f) => {
      const name = plan.dense[f] as string;
      // every value is checked, only the used ones counted
      const values = readCells(get(name), chunk.rows, at(name), denseAt, this.denseCodes[f] as PerCode);
      for (let i = 0; i < chunk.rows; i++) if (skipped[i] === 0) s.add(values[i] as number);
    });
    this.readers.forEach((read, t) => {
      const name = plan.labels[t] as string;
      const column = get(name);
      const values = readCells(column, chunk.rows, at(name), read, this.labelCodes[t] as PerCode);
      let ones = 0;
      for (let i = 0; i < chunk.rows; i++) ones += values[i] === 1 ? 1 : 0;
      this.positives[t] = (this.positives[t] as number) + ones;
      const seen = this.labelValues[t];
      if (!seen) return;
      if (isCoded(column)) (this.labelValueCodes[t] as CodeCounts).add(column, chunk.rows);
      else for (let i = 0; i < chunk.rows; i++) seen.add(textAt(column, i));
    });
  }

  result(): FittedSchema {
    const { schema, plan, opened } = this;
    for (const counts of [...this.codeCounts, ...this.labelValueCodes]) counts?.flush();
    schema.labels.forEach((label, t) => {
      const seen = this.labelValues[t];
      if (seen && this.positives[t] === 0) {
        const common = seen
          .top(5)
          .map(([v, n]) => `${JSON.stringify(v)} (${count(n)})`)
          .join(", ");
        throw new MtrecError(
          "BAD_DATA",
          `mtrec: ${opened.path}, column "${plan.labels[t]}": the positive value ${JSON.stringify(label.positive)} of task "${label.name}" never occurs; ` +
            `the most frequent values are ${common}. Set "positive" to the value that means 1.`,
        );
      }
    });
    const vocabularies = schema.sparse.map((f, i) =>
      f.encoding === "vocab" ? (this.counters[i] as ValueCounter).vocabulary(f.minCount ?? 1) : null,
    );
    return {
      ...schema,
      vocabularies,
      cardinalities: schema.sparse.map((f, i) => (f.encoding === "vocab" ? (vocabularies[i] as string[]).length + 1 : f.buckets)),
      denseStats: this.stats.map((s) => s.result()),
      rows: this.fittedRows,
    };
  }
}
