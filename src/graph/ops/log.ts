import type { Sym } from "../graph.js";
import { div } from "./div.js";

/** Natural logarithm. */
export function log(x: Sym): Sym {
  const y = x.graph.node("Log", [x]);
  y.gradRule = (gy) => [div(gy, x)];
  return y;
}
