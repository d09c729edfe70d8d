import { encodeColumns } from "../data/encode.js";
import { type RequestCandidates, type RequestRow, requestColumns, requestFields } from "../data/request-columns.js";
import type { Predictions } from "../train/evaluate.js";
import type { LoadedModel } from "../train/load.js";

/** The request columns the model reads, by how the encoder wants them. */
export interface InputColumns {
  /** Columns of categorical features: delivered as text, as the reader delivers them from files. */
  text: string[];
  /** Columns of dense features only: delivered as numbers, NaN where missing. */
  numeric: string[];
}

/** The fields a request for this model carries (never the group column: it is for GAUC at evaluation, not an input). */
export function inputColumns(model: LoadedModel): InputColumns {
  return requestFields({ ...model.schema, group: undefined });
}

/**
 * Turns a request's candidates (rows or columns, context merged: `src/data/request-columns.ts`,
 * shared with the browser) into the encoder's columns and encodes them with the model's own vocabularies, hashing and statistics (the encoder that
 * reads training files) and scores them: per task and, for funnel models, per head.
 */
export async function scoreRequest(
  model: LoadedModel,
  name: string,
  candidates: RequestCandidates,
  context?: RequestRow,
): Promise<{ rows: number; predictions: Predictions }> {
  // a request carries no group column: it is for GAUC at evaluation, never an input
  const schema = { ...model.schema, group: undefined };
  const { rows, columns } = requestColumns(schema, candidates, context, name);
  if (rows === 0)
    return { rows, predictions: { scores: Object.fromEntries(model.tasks.map((t) => [t.name, new Float32Array(0)])), gates: {} } };
  return { rows, predictions: await model.predict(encodeColumns(name, columns, schema, { labels: false })) };
}
