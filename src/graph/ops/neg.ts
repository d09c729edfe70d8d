import type { Sym } from "../graph.js";

/** -x. */
export function neg(x: Sym): Sym {
  const y = x.graph.node("Neg", [x]);
  y.gradRule = (gy) => [neg(gy)];
  return y;
}
