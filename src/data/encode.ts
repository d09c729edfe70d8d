import { open, streamColumns } from "./reader.js";
import { type EncodeOptions, RowEncoder } from "./row-encoder.js";
import type { DataSource, EncodedData, FittedSchema } from "./types.js";

export { type EncodeOptions, encodeColumns } from "./row-encoder.js";

/**
 * Encodes a whole file with what {@link fitSchema} learned: sparse values to embedding rows
 * (out-of-vocabulary and unseen values to row 0), dense values standardised (missing ones to
 * 0, the training mean), labels to numbers, group values to dense integers in order of
 * first appearance.
 */
export async function encode(source: DataSource, fitted: FittedSchema, opts: EncodeOptions = {}): Promise<EncodedData> {
  const opened = await open(source);
  const encoder = new RowEncoder(opened, fitted, opts);
  const out = encoder.allocate(opened.rows);
  for await (const chunk of streamColumns(opened, { columns: encoder.plan.read, text: encoder.plan.text }))
    encoder.write(chunk, out, chunk.offset);
  return out;
}

/** {@link encode} in pieces of `batchRows` rows, for files larger than memory. Group ids stay consistent across pieces. */
export async function* encodeChunks(
  source: DataSource,
  fitted: FittedSchema,
  batchRows: number,
  opts: EncodeOptions = {},
): AsyncIterable<EncodedData> {
  const opened = await open(source);
  const encoder = new RowEncoder(opened, fitted, opts);
  for await (const chunk of streamColumns(opened, { columns: encoder.plan.read, text: encoder.plan.text, batchRows })) {
    const out = encoder.allocate(chunk.rows);
    encoder.write(chunk, out, 0);
    yield out;
  }
}
