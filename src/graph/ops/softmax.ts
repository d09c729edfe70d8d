import type { Sym } from "../graph.js";
import { normalizeAxis } from "../shape.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";
import { sum } from "./sum.js";

/** Softmax along `axis` (default: last). */
export function softmax(x: Sym, axis = -1): Sym {
  const a = normalizeAxis("softmax", axis, x.rank);
  const y = x.graph.node("Softmax", [x], { attrs: { axis: a } });
  // dx = y ⊙ (gy − Σ gy ⊙ y) along the axis
  y.gradRule = (gy) => [mul(y, sub(gy, sum(mul(gy, y), a, true)))];
  return y;
}
