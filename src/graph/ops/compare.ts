import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { liftPair, type SymOrNumber } from "./lift.js";

function compare(op: "Greater" | "Less" | "GreaterOrEqual" | "LessOrEqual" | "Equal", a: SymOrNumber, b: SymOrNumber): Sym {
  const [x, z] = liftPair(op, a, b);
  return x.graph.node(op, [x, z], { dtype: "bool", shape: broadcastShapes(op, x.shape, z.shape) });
}

/** Elementwise comparisons giving bool tensors; they carry no gradient. */
export const greater = (a: SymOrNumber, b: SymOrNumber): Sym => compare("Greater", a, b);
export const less = (a: SymOrNumber, b: SymOrNumber): Sym => compare("Less", a, b);
export const greaterOrEqual = (a: SymOrNumber, b: SymOrNumber): Sym => compare("GreaterOrEqual", a, b);
export const lessOrEqual = (a: SymOrNumber, b: SymOrNumber): Sym => compare("LessOrEqual", a, b);
export const equal = (a: SymOrNumber, b: SymOrNumber): Sym => compare("Equal", a, b);

/** Logical and of two bool tensors. */
export function and(a: Sym, b: Sym): Sym {
  return a.graph.node("And", [a, b], { dtype: "bool", shape: broadcastShapes("and", a.shape, b.shape) });
}
