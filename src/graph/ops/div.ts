import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { liftPair, type SymOrNumber } from "./lift.js";
import { mul } from "./mul.js";
import { neg } from "./neg.js";
import { unbroadcast } from "./unbroadcast.js";

/** a / b elementwise with broadcasting. */
export function div(a: SymOrNumber, b: SymOrNumber): Sym {
  const [x, z] = liftPair("div", a, b);
  const y = x.graph.node("Div", [x, z], { shape: broadcastShapes("div", x.shape, z.shape) });
  // d(x/z)/dz = -y/z: reuses the quotient instead of squaring z
  y.gradRule = (gy, needs) => [
    needs[0] ? unbroadcast(div(gy, z), x.shape) : null,
    needs[1] ? unbroadcast(neg(div(mul(gy, y), z)), z.shape) : null,
  ];
  return y;
}
