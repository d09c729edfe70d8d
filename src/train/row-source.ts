import { encodeChunks } from "../data/encode.js";
import { take } from "../data/split.js";
import type { DataSource, EncodedData, FittedSchema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import type { Rng } from "../nn/rng.js";
import { type EvalReport, evaluate, type GateWeights, type Predictions, predict } from "./evaluate.js";
import type { InferProgram } from "./infer.js";
import { readAhead } from "./read-ahead.js";

/** Rows to train on in the order to visit them: `order` indexes `data`. */
export interface RowBlock {
  data: EncodedData;
  order: Int32Array;
}

/** Where an epoch's training rows and the validation report come from. */
export interface RowSource {
  /** Training rows (an estimate while streaming, until the first epoch has counted them). */
  trainRows: number;
  /** Validation rows; NaN while a streamed validation file has not been read yet. */
  validRows: number;
  /** The training rows of one epoch, shuffled with `rng`. */
  blocks(rng: Rng): AsyncIterable<RowBlock>;
  /** Every validation row scored and evaluated. */
  evaluate(infer: InferProgram, fitted: FittedSchema, tasks: TaskSpec[], expertNames: Record<string, string[]>): Promise<EvalReport>;
}

/** Encoded rows held in memory: one block per epoch, shuffled whole. */
export function memorySource(train: EncodedData, valid: EncodedData): RowSource {
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  return {
    trainRows: train.rows,
    validRows: valid.rows,
    async *blocks(rng) {
      // from file order every epoch: a run's shuffles depend on its own seed alone, not on
      // whichever run used these rows before it (compare trains many on one PreparedData)
      for (let i = 0; i < order.length; i++) order[i] = i;
      rng.shuffle(order);
      yield { data: train, order };
    },
    evaluate: async (infer, fitted, tasks, names) => evaluate(tasks, valid, await predict(infer, fitted, tasks, valid), names),
  };
}

/**
 * Whether row `index` of a streamed file is a validation row: a fixed hash of its index,
 * so every pass over the file splits it the same way without holding it in memory.
 */
export function isValidationRow(index: number, fraction: number): boolean {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296 < fraction;
}

export interface StreamOptions {
  train: DataSource;
  /** Numeric columns to carry from each file (propensity, truth). */
  numeric: { train: string[]; valid?: string[] };
  /** A separate validation file; without it, a hashed share of the training file's rows. */
  valid?: DataSource;
  validFraction: number;
  chunkRows: number;
  /** Rows in the training file, for the first epoch's progress. */
  rowsEstimate: number;
}

/**
 * Rows streamed from the file on every epoch, chunk by chunk, for files larger than memory:
 * rows are shuffled within each chunk (chunks come in file order), and validation scores
 * are gathered chunk by chunk, so only one chunk of rows is held at a time.
 */
export function streamSource(fitted: FittedSchema, o: StreamOptions): RowSource {
  const fraction = o.valid ? 0 : o.validFraction;
  const source: RowSource = {
    trainRows: Math.round(o.rowsEstimate * (1 - fraction)),
    validRows: o.valid ? Number.NaN : Math.round(o.rowsEstimate * fraction),
    async *blocks(rng) {
      let offset = 0;
      let kept = 0;
      for await (const chunk of readAhead(encodeChunks(o.train, fitted, o.chunkRows, { numeric: o.numeric.train }))) {
        const rows: number[] = [];
        for (let i = 0; i < chunk.rows; i++) if (!isValidationRow(offset + i, fraction)) rows.push(i);
        offset += chunk.rows;
        kept += rows.length;
        yield { data: chunk, order: rng.shuffle(Int32Array.from(rows)) };
      }
      source.trainRows = kept;
      if (!o.valid) source.validRows = offset - kept;
    },
    async evaluate(infer, _fitted, tasks, names) {
      const parts: { data: EncodedData; p: Predictions }[] = [];
      let offset = 0;
      const numeric = o.valid ? o.numeric.valid : o.numeric.train;
      for await (const chunk of readAhead(encodeChunks(o.valid ?? o.train, fitted, o.chunkRows, { numeric }))) {
        const idx: number[] = [];
        for (let i = 0; i < chunk.rows; i++) if (o.valid || isValidationRow(offset + i, fraction)) idx.push(i);
        offset += chunk.rows;
        const rows = take(chunk, Int32Array.from(idx));
        parts.push({
          data: { rows: rows.rows, sparse: [], dense: new Float32Array(0), labels: rows.labels, group: rows.group },
          p: await predict(infer, fitted, tasks, rows),
        });
      }
      const labels = concatLabels(parts.map((x) => x.data));
      source.validRows = labels.rows;
      if (labels.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${(o.valid ?? o.train).path}: no validation rows`);
      return evaluate(tasks, labels, concatPredictions(parts.map((x) => x.p)), names);
    },
  };
  return source;
}

function concat<T extends Float32Array | Int32Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
}

function concatLabels(parts: EncodedData[]): EncodedData {
  const first = parts[0];
  const labels = (first?.labels ?? []).map((_, t) =>
    concat(
      parts.map((p) => p.labels[t] as Float32Array),
      (n) => new Float32Array(n),
    ),
  );
  const group = first?.group
    ? concat(
        parts.map((p) => p.group as Int32Array),
        (n) => new Int32Array(n),
      )
    : undefined;
  return { rows: parts.reduce((n, p) => n + p.rows, 0), sparse: [], dense: new Float32Array(0), labels, ...(group ? { group } : {}) };
}

function concatPredictions(parts: Predictions[]): Predictions {
  const first = parts[0];
  const scores = Object.fromEntries(
    Object.keys(first?.scores ?? {}).map((t) => [
      t,
      concat(
        parts.map((p) => p.scores[t] as Float32Array),
        (n) => new Float32Array(n),
      ),
    ]),
  );
  const gates = concatGates(parts.map((p) => p.gates));
  return first?.levelGates ? { scores, gates, levelGates: concatGates(parts.map((p) => p.levelGates ?? {})) } : { scores, gates };
}

function concatGates(parts: Record<string, GateWeights>[]): Record<string, GateWeights> {
  const gates: Record<string, GateWeights> = {};
  for (const t of Object.keys(parts[0] ?? {})) {
    gates[t] = {
      weights: concat(
        parts.map((p) => p[t]?.weights as Float32Array),
        (n) => new Float32Array(n),
      ),
      experts: parts[0]?.[t]?.experts as number,
    };
  }
  return gates;
}
