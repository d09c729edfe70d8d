import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { liftPair, type SymOrNumber } from "./lift.js";
import { unbroadcast } from "./unbroadcast.js";

/** a * b elementwise with broadcasting. */
export function mul(a: SymOrNumber, b: SymOrNumber): Sym {
  const [x, z] = liftPair("mul", a, b);
  const y = x.graph.node("Mul", [x, z], { shape: broadcastShapes("mul", x.shape, z.shape) });
  y.gradRule = (gy, needs) => [needs[0] ? unbroadcast(mul(gy, z), x.shape) : null, needs[1] ? unbroadcast(mul(gy, x), z.shape) : null];
  return y;
}
