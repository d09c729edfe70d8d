import type { Sym } from "../graph.js";
import { shapeOf } from "./shape-of.js";
import { unbroadcast } from "./unbroadcast.js";

/** Broadcasts x to the (possibly symbolic) shape of `like`. */
export function expandAs(x: Sym, like: Sym): Sym {
  const y = x.graph.node("Expand", [x, shapeOf(like)], { shape: like.shape, dtype: x.dtype });
  y.gradRule = (gy) => [unbroadcast(gy, x.shape), null];
  return y;
}
