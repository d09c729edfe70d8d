import type { Requests } from "./fuse.js";

/**
 * Groups rows into requests by a key column (a request id, or a user id for one ranking per
 * user): `order` lists the rows request by request (stable within a request), `requests` the
 * CSR offsets into that order.
 */
export function groupRequests(keys: readonly string[]): { order: Int32Array; requests: Requests } {
  const first = new Map<string, number>();
  for (const k of keys) if (!first.has(k)) first.set(k, first.size);
  const group = Int32Array.from(keys, (k) => first.get(k) as number);
  const counts = new Int32Array(first.size + 1);
  for (const g of group) counts[g + 1] = (counts[g + 1] as number) + 1;
  for (let i = 1; i < counts.length; i++) counts[i] = (counts[i] as number) + (counts[i - 1] as number);
  const offsets = Int32Array.from(counts);
  const next = counts.slice(0, first.size);
  const order = new Int32Array(keys.length);
  for (const [row, g] of group.entries()) order[(next[g] as number)++] = row;
  return { order, requests: { offsets } };
}

/** The values of `column` in the order `order` gives. */
export function reorder(column: ArrayLike<number>, order: Int32Array): Float64Array {
  return Float64Array.from(order, (row) => column[row] as number);
}
