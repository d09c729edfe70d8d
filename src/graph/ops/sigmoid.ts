import type { Sym } from "../graph.js";
import { mul } from "./mul.js";
import { sub } from "./sub.js";

/** 1 / (1 + e^-x). */
export function sigmoid(x: Sym): Sym {
  const y = x.graph.node("Sigmoid", [x]);
  // d sigmoid = y (1 - y): reuse the output, not the input
  y.gradRule = (gy) => [mul(gy, mul(y, sub(1, y)))];
  return y;
}
