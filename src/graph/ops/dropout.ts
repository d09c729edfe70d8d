import { MtrecError } from "../../errors.js";
import { ElemType } from "../../onnx/model.js";
import type { Sym } from "../graph.js";
import { cast } from "./cast.js";
import { less } from "./compare.js";
import { mul } from "./mul.js";

/**
 * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p).
 * Seeded from the graph's seed, so a run is reproducible; the identity when the graph is
 * traced for inference or p is 0. Composite: the mask is a constant for the gradient.
 */
export function dropout(x: Sym, p: number): Sym {
  if (!(p >= 0 && p < 1)) throw new MtrecError("GRAPH", `mtrec: dropout: rate must be in [0, 1), got ${p}`);
  const g = x.graph;
  if (!g.training || p === 0) return x;
  const uniform = g.node("RandomUniformLike", [x], {
    attrs: { dtype: ElemType[g.floatType], low: { float: 0 }, high: { float: 1 }, seed: { float: g.nextSeed() } },
  });
  const keep = mul(cast(less(uniform, 1 - p), "float"), 1 / (1 - p));
  return mul(x, keep);
}
