import { encodeChunks } from "../data/encode.js";
import { open } from "../data/reader.js";
import type { DataSource, EncodedData, FittedSchema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import { type Predictions, placeGate, predict } from "./evaluate.js";
import type { InferProgram } from "./infer.js";
import { readAhead } from "./read-ahead.js";

/** Rows encoded and scored per piece: bounds the memory the features take. */
const CHUNK_ROWS = 262_144;

/**
 * Scores a whole file piece by piece and keeps what evaluation and output need (labels, group
 * ids — of the model's group column or of `opts.group` —, carried numeric and kept text columns, and the predictions), not the encoded features: a file whose
 * features would not fit in memory can still be evaluated. The returned data has no features.
 */
export async function predictSource(
  infer: InferProgram,
  fitted: FittedSchema,
  tasks: TaskSpec[],
  source: DataSource,
  opts: { numeric?: string[]; keep?: string[]; labels?: boolean; chunkRows?: number; group?: string } = {},
): Promise<{ data: EncodedData; predictions: Predictions }> {
  // a group column named at evaluation (GAUC per user) replaces the one the model was trained with, if any
  const schema = opts.group ? { ...fitted, group: { column: opts.group } } : fitted;
  const rows = (await open(source)).rows;
  const withLabels = opts.labels ?? true;
  // scores alone may be none (predict writes a header), but no metric has a value on no rows
  if (rows === 0 && withLabels)
    throw new MtrecError("BAD_DATA", `mtrec: ${source.path}: no data rows; there is nothing to evaluate the model on`);
  const data: EncodedData = {
    rows,
    sparse: [],
    dense: new Float32Array(0),
    labels: withLabels ? fitted.labels.map(() => new Float32Array(rows)) : [],
  };
  const predictions: Predictions = { scores: {}, gates: {} };
  let at = 0;
  const pieces = encodeChunks(source, schema, opts.chunkRows ?? CHUNK_ROWS, { numeric: opts.numeric, keep: opts.keep, labels: withLabels });
  for await (const chunk of readAhead(pieces)) {
    const p = await predict(infer, fitted, tasks, chunk);
    chunk.labels.forEach((labels, t) => {
      data.labels[t]?.set(labels, at);
    });
    if (chunk.group) {
      data.group ??= new Int32Array(rows);
      data.group.set(chunk.group, at);
    }
    for (const [name, values] of Object.entries(chunk.numeric ?? {})) {
      data.numeric ??= {};
      placed(data.numeric, name, rows).set(values, at);
    }
    for (const [name, values] of Object.entries(chunk.keep ?? {})) {
      data.keep ??= {};
      data.keep[name] ??= new Array<string>(rows);
      const target = data.keep[name] as string[];
      for (let i = 0; i < values.length; i++) target[at + i] = values[i] as string;
    }
    for (const [name, scores] of Object.entries(p.scores)) placed(predictions.scores, name, rows).set(scores, at);
    for (const [name, g] of Object.entries(p.gates)) placeGate(predictions.gates, name, g, rows, at);
    if (p.levelGates) {
      predictions.levelGates ??= {};
      for (const [name, g] of Object.entries(p.levelGates)) placeGate(predictions.levelGates, name, g, rows, at);
    }
    at += chunk.rows;
  }
  return { data, predictions };
}

/** `columns[name]`, made with `rows` entries the first time it is asked for. */
function placed(columns: Record<string, Float32Array>, name: string, rows: number): Float32Array {
  let column = columns[name];
  if (!column) {
    column = new Float32Array(rows);
    columns[name] = column;
  }
  return column;
}
