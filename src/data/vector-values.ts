import type { DuckDBVector } from "@duckdb/node-api";
import { duckdb } from "./duckdb-package.js";

/**
 * The values of a DOUBLE vector with no NULLs, as the Float64Array view over DuckDB's own
 * buffer. `getItem` tests a BigInt validity bit per value, which costs more than the read
 * itself; the reader's queries turn NULLs into NaN in SQL, so the whole buffer is the column.
 * The buffer is a private field of the binding: when a version lacks it, undefined sends the
 * caller back to `getItem`.
 */
export function doubleValues(vector: DuckDBVector): Float64Array | undefined {
  if (!(vector instanceof duckdb.DuckDBDoubleVector)) return undefined;
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Float64Array && items.length === vector.itemCount ? items : undefined;
}

/** A DOUBLE expression that is never NULL: NULL becomes `fill` (NaN for a missing number). */
export function notNull(expression: string, fill = "'NaN'::DOUBLE"): string {
  return `coalesce(${expression}, ${fill})`;
}

/**
 * The values of a never-NULL UBIGINT vector (DuckDB's `hash`) as pairs of 32-bit words, a view
 * over DuckDB's buffer: reading them as BigInts would cost more than the hashing saves.
 */
export function hashWords(vector: DuckDBVector): Int32Array {
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof BigUint64Array && items.length === vector.itemCount)
    return new Int32Array(items.buffer, items.byteOffset, 2 * items.length);
  const words = new Int32Array(2 * vector.itemCount);
  const view = new BigUint64Array(words.buffer);
  for (let i = 0; i < vector.itemCount; i++) view[i] = vector.getItem(i) as bigint;
  return words;
}
