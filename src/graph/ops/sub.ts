import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { liftPair, type SymOrNumber } from "./lift.js";
import { neg } from "./neg.js";
import { unbroadcast } from "./unbroadcast.js";

/** a - b with broadcasting. */
export function sub(a: SymOrNumber, b: SymOrNumber): Sym {
  const [x, z] = liftPair("sub", a, b);
  const y = x.graph.node("Sub", [x, z], { shape: broadcastShapes("sub", x.shape, z.shape) });
  y.gradRule = (gy, needs) => [needs[0] ? unbroadcast(gy, x.shape) : null, needs[1] ? unbroadcast(neg(gy), z.shape) : null];
  return y;
}
