import { MtrecError } from "../errors.js";
import { Rng } from "../nn/rng.js";
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

/** Offsets of `requests` requests of `candidates` candidates each. */
export function fixedRequests(requests: number, candidates: number): Requests {
  return { offsets: Int32Array.from({ length: requests + 1 }, (_, r) => r * candidates) };
}

/**
 * The requests `ids` (in that order) of per-candidate `columns`: their candidates laid out
 * contiguously, and the offsets into them.
 */
export function selectRequests<K extends string>(
  columns: Record<K, ArrayLike<number>>,
  requests: Requests,
  ids: ArrayLike<number>,
): { requests: Requests; columns: Record<K, Float64Array> } {
  const { offsets } = requests;
  const count = offsets.length - 1;
  const next = new Int32Array(ids.length + 1);
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] as number;
    if (!Number.isInteger(id) || id < 0 || id >= count)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: selectRequests: request ${id} is not in [0, ${count})`);
    next[r + 1] = (next[r] as number) + (offsets[id + 1] as number) - (offsets[id] as number);
  }
  const out = {} as Record<K, Float64Array>;
  for (const key of Object.keys(columns) as K[]) {
    const source = columns[key];
    const target = new Float64Array(next[ids.length] as number);
    for (let r = 0; r < ids.length; r++) {
      const id = ids[r] as number;
      for (let j = offsets[id] as number, at = next[r] as number; j < (offsets[id + 1] as number); j++, at++)
        target[at] = source[j] as number;
    }
    out[key] = target;
  }
  return { requests: { offsets: next }, columns: out };
}

/** Request ids split at random into a `holdout` fraction and the rest (each list in ascending order). */
export function splitRequests(count: number, holdout: number, seed: number): { tune: Int32Array; holdout: Int32Array } {
  if (!(holdout > 0 && holdout < 1)) throw new MtrecError("BAD_ARGUMENT", `mtrec: the holdout fraction must be in (0, 1), got ${holdout}`);
  const order = new Rng(seed).shuffle(Int32Array.from({ length: count }, (_, r) => r));
  const cut = Math.round(count * holdout);
  if (cut === 0 || cut === count)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${count} requests are too few to hold out a fraction ${holdout} and tune on the rest`);
  return { holdout: order.slice(0, cut).sort(), tune: order.slice(cut).sort() };
}
