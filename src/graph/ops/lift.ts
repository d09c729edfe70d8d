import { MtrecError } from "../../errors.js";
import type { Graph, Sym } from "../graph.js";

export type SymOrNumber = Sym | number;

/** The graph two operands belong to; numbers are lifted into it as float scalars. */
export function liftPair(op: string, a: SymOrNumber, b: SymOrNumber): [Sym, Sym] {
  const graph: Graph | undefined = typeof a === "number" ? (typeof b === "number" ? undefined : b.graph) : a.graph;
  if (!graph) throw new MtrecError("GRAPH", `mtrec: ${op}: at least one operand must be a tensor`);
  const sa = typeof a === "number" ? graph.scalar(a) : a;
  const sb = typeof b === "number" ? graph.scalar(b) : b;
  if (sa.graph !== sb.graph) throw new MtrecError("GRAPH", `mtrec: ${op}: operands come from different graphs`);
  if (sa.dtype !== sb.dtype) throw new MtrecError("GRAPH", `mtrec: ${op}: dtypes differ (${sa} and ${sb})`);
  return [sa, sb];
}
