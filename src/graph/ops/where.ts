import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { liftPair, type SymOrNumber } from "./lift.js";
import { unbroadcast } from "./unbroadcast.js";

/** cond ? a : b elementwise; `cond` is a bool tensor (a mask). */
export function where(cond: Sym, a: SymOrNumber, b: SymOrNumber): Sym {
  if (cond.dtype !== "bool") throw new MtrecError("GRAPH", `mtrec: where: the condition must be bool, got ${cond}`);
  const [x, z] = liftPair("where", a, b);
  const shape = broadcastShapes("where", cond.shape, broadcastShapes("where", x.shape, z.shape));
  const y = x.graph.node("Where", [cond, x, z], { shape, dtype: x.dtype });
  y.gradRule = (gy, needs) => [
    null,
    needs[1] ? unbroadcast(where(cond, gy, 0), x.shape) : null,
    needs[2] ? unbroadcast(where(cond, 0, gy), z.shape) : null,
  ];
  return y;
}
