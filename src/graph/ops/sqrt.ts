import type { Sym } from "../graph.js";
import { div } from "./div.js";
import { mul } from "./mul.js";

/** Square root. */
export function sqrt(x: Sym): Sym {
  const y = x.graph.node("Sqrt", [x]);
  y.gradRule = (gy) => [div(mul(gy, 0.5), y)];
  return y;
}
