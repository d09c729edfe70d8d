import { MtrecError } from "../errors.js";
import { Rng } from "../nn/rng.js";
import type { EncodedData } from "./types.js";

/**
 * A seeded random split of `rows` rows: round(rows · validFraction) of them to validate on,
 * the rest to train on, each list in file order. The same arguments give the same split.
 */
export function splitIndices(rows: number, validFraction: number, seed: number): { train: Int32Array; valid: Int32Array } {
  if (!Number.isInteger(rows) || rows < 0)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: split: rows must be a whole number ≥ 0, got ${rows}`);
  if (!(validFraction >= 0 && validFraction < 1)) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: split: validFraction must be in [0, 1), got ${validFraction}`);
  }
  // keep at least one training row whenever there is one
  const validRows = Math.min(Math.round(rows * validFraction), Math.max(rows - 1, 0));
  const order = new Rng(seed).shuffle(Int32Array.from({ length: rows }, (_, i) => i));
  return { train: order.slice(validRows).sort(), valid: order.slice(0, validRows).sort() };
}

/** The rows `idx` of `data`, in that order. */
export function take(data: EncodedData, idx: Int32Array): EncodedData {
  for (const i of idx) {
    if (i < 0 || i >= data.rows)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: take: row index ${i} is outside the data's ${data.rows} rows`);
  }
  const width = data.rows > 0 ? data.dense.length / data.rows : 0;
  const dense = new Float32Array(idx.length * width);
  for (const [r, i] of idx.entries()) dense.set(data.dense.subarray(i * width, (i + 1) * width), r * width);
  const out: EncodedData = {
    rows: idx.length,
    sparse: data.sparse.map((column) => gather(column, idx)),
    dense,
    labels: data.labels.map((column) => gather(column, idx)),
  };
  if (data.group) out.group = gather(data.group, idx);
  if (data.numeric) out.numeric = Object.fromEntries(Object.entries(data.numeric).map(([k, column]) => [k, gather(column, idx)]));
  if (data.keep)
    out.keep = Object.fromEntries(Object.entries(data.keep).map(([k, values]) => [k, Array.from(idx, (i) => values[i] as string)]));
  return out;
}

function gather<T extends Int32Array | Float32Array>(column: T, idx: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(idx.length);
  for (let r = 0; r < idx.length; r++) out[r] = column[idx[r] as number] as number;
  return out;
}
