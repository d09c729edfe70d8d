import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { liftPair, type SymOrNumber } from "./lift.js";
import { unbroadcast } from "./unbroadcast.js";

/** a + b with broadcasting (a bias add is add(x, b) with b of shape [H]). */
export function add(a: SymOrNumber, b: SymOrNumber): Sym {
  const [x, z] = liftPair("add", a, b);
  const y = x.graph.node("Add", [x, z], { shape: broadcastShapes("add", x.shape, z.shape) });
  y.gradRule = (gy, needs) => [needs[0] ? unbroadcast(gy, x.shape) : null, needs[1] ? unbroadcast(gy, z.shape) : null];
  return y;
}
