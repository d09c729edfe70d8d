import { MtrecError } from "../errors.js";
import type { Graph } from "../graph/graph.js";
import type { Parameter } from "../nn/parameter.js";
import type { HostTensor } from "../runtime/tensor.js";
import { type Batch, perRow } from "./batch.js";

/**
 * Feeds for a graph's parameter and data inputs: parameters straight from their own
 * buffers (no copy), batch columns checked against their shape. Gather inputs are left
 * to the caller, which fills them with table rows.
 */
export function feedInputs(graph: Graph, params: ReadonlyMap<string, Parameter>, batch: Batch, n: number): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const gi of graph.inputs) {
    const s = gi.sym;
    if (gi.kind === "param") {
      const p = params.get(gi.key);
      if (!p) throw new MtrecError("GRAPH", `mtrec: the graph reads "${gi.key}", which is not a parameter of the module`);
      feeds[s.name] = { type: "float32", data: p.data, dims: p.shape };
    } else if (gi.kind === "data") {
      const col = batch[gi.key];
      if (!col)
        throw new MtrecError("BAD_DATA", `mtrec: the batch has no column "${gi.key}" (it has: ${Object.keys(batch).join(", ") || "none"})`);
      // a scalar or fixed-shape input (a strategy's weight) has no batch axis
      const expected = perRow(s.shape) * (s.shape.some((d) => typeof d !== "number") ? n : 1);
      if (col.length !== expected)
        throw new MtrecError("BAD_DATA", `mtrec: batch column "${gi.key}" has ${col.length} values, expected ${expected}`);
      feeds[s.name] = { type: s.dtype, data: col, dims: s.shape.map((d) => (typeof d === "number" ? d : n)) };
    }
  }
  return feeds;
}
