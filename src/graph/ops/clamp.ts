import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { and, greaterOrEqual, lessOrEqual } from "./compare.js";
import { where } from "./where.js";

/** Clips x to [min, max]; the gradient passes only where x was inside the range. */
export function clamp(x: Sym, min: number, max: number): Sym {
  if (!(min <= max)) throw new MtrecError("GRAPH", `mtrec: clamp: min ${min} is above max ${max}`);
  const g = x.graph;
  const y = g.node("Clip", [x, g.scalar(min), g.scalar(max)]);
  y.gradRule = (gy) => [where(and(greaterOrEqual(x, min), lessOrEqual(x, max)), gy, 0), null, null];
  return y;
}
