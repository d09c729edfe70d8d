import { MtrecError } from "../errors.js";
import { planColumns } from "./columns.js";
import { type FitOptions, SchemaFitter } from "./fit.js";
import { type CodedChunk, open, streamCoded } from "./reader.js";
import { type EncodeOptions, RowEncoder } from "./row-encoder.js";
import { checkSchema } from "./schema-config.js";
import type { DataSource, EncodedData, FittedSchema, Schema } from "./types.js";

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
  for await (const chunk of streamCoded(opened, { columns: encoder.plan.read, text: encoder.plan.text }))
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
  for await (const chunk of streamCoded(opened, { columns: encoder.plan.read, text: encoder.plan.text, batchRows })) {
    const out = encoder.allocate(chunk.rows);
    encoder.write(chunk, out, 0);
    yield out;
  }
}

/**
 * {@link fitSchema} then {@link encode}, reading the file once: its raw columns are held until
 * the vocabularies and statistics are known, then encoded. `maxRawMB` bounds what that holding
 * may take (8 bytes a cell; a text cell is a 4-byte code); above it, or when encoding reads a column of the fit as text that
 * the fit reads as a number, the file is read twice as the two calls would.
 */
export async function fitAndEncode(
  source: DataSource,
  schema: Schema,
  opts: FitOptions & EncodeOptions & { maxRawMB: number },
): Promise<{ fitted: FittedSchema; encoded: EncodedData }> {
  checkSchema(schema);
  const opened = await open(source);
  if (opened.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${opened.path}: no data rows; there is nothing to fit the schema on`);
  const fitter = new SchemaFitter(opened, schema, opts);
  const read = planColumns(opened, opts.labels === false ? { ...schema, labels: [] } : schema, opts.keep, opts.numeric);
  const fitText = new Set(fitter.plan.text);
  const fitRead = new Set(fitter.plan.read);
  const sameForFit = read.text.every((c) => fitText.has(c) || !fitRead.has(c));
  const rawMB = (opened.rows * read.read.length * 8) / 2 ** 20;
  if (!sameForFit || rawMB > opts.maxRawMB || opts.labels === false) {
    for await (const chunk of streamCoded(opened, { columns: fitter.plan.read, text: fitter.plan.text })) fitter.add(chunk);
    const fitted = fitter.result();
    return { fitted, encoded: await encode(source, fitted, opts) };
  }
  const chunks: CodedChunk[] = [];
  for await (const chunk of streamCoded(opened, { columns: read.read, text: read.text })) {
    fitter.add(chunk);
    chunks.push(chunk);
  }
  const fitted = fitter.result();
  const encoder = new RowEncoder(opened, fitted, opts);
  const encoded = encoder.allocate(opened.rows);
  for (const chunk of chunks) encoder.write(chunk, encoded, chunk.offset);
  return { fitted, encoded };
}
