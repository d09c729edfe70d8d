import type { Sym } from "../graph.js";
import { mul } from "./mul.js";

/** e^x. */
export function exp(x: Sym): Sym {
  const y = x.graph.node("Exp", [x]);
  y.gradRule = (gy) => [mul(gy, y)];
  return y;
}
