import type { Sym } from "../graph.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";

/** tanh(x). */
export function tanh(x: Sym): Sym {
  const y = x.graph.node("Tanh", [x]);
  y.gradRule = (gy) => [mul(gy, sub(1, mul(y, y)))];
  return y;
}
