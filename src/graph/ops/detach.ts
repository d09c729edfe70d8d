import type { Sym } from "../graph.js";

/** Stop-gradient: the value flows on, no gradient flows back through it. */
export function detach(x: Sym): Sym {
  // no gradRule: grad() treats the output as a leaf
  return x.graph.node("Identity", [x]);
}
