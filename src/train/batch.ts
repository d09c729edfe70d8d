import { MtrecError } from "../errors.js";
import type { Dim, GraphInput } from "../graph/graph.js";

/** One batch: a typed column per data input, rows in order. Index columns are Int32Array. */
export type Batch = Record<string, Float32Array | Float64Array | Int32Array | Uint8Array>;

/** Values per row of an input: the product of its fixed dimensions. */
export function perRow(shape: readonly Dim[]): number {
  return shape.reduce<number>((p, d) => (typeof d === "number" ? p * d : p), 1);
}

/** The batch size the columns imply; every column must agree. */
export function batchSizeOf(batch: Batch, inputs: readonly GraphInput[], columns: readonly string[]): number {
  let n: number | undefined;
  let from = "";
  const see = (key: string, per: number) => {
    const col = batch[key];
    if (!col)
      throw new MtrecError("BAD_DATA", `mtrec: the batch has no column "${key}" (it has: ${Object.keys(batch).join(", ") || "none"})`);
    if (col.length % per !== 0)
      throw new MtrecError("BAD_DATA", `mtrec: batch column "${key}" has ${col.length} values, not a multiple of ${per} per row`);
    const rows = col.length / per;
    if (n !== undefined && rows !== n)
      throw new MtrecError("BAD_DATA", `mtrec: batch column "${key}" has ${rows} rows but "${from}" has ${n}`);
    n = rows;
    from = key;
  };
  for (const i of inputs) if (i.kind === "data" && i.sym.shape.some((d) => typeof d !== "number")) see(i.key, perRow(i.sym.shape));
  for (const c of columns) see(c, 1);
  if (n === undefined) throw new MtrecError("BAD_DATA", "mtrec: cannot tell the batch size: no input has a batch dimension");
  return n;
}
