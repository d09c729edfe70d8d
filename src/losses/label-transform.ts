import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { exp } from "../graph/ops/exp.js";
import { log } from "../graph/ops/log.js";
import { mul } from "../graph/ops/mul.js";
import { relu } from "../graph/ops/relu.js";
import { sqrt } from "../graph/ops/sqrt.js";
import { sub } from "../graph/ops/sub.js";

/**
 * A compression of a non-negative regression label (seconds, counts) applied before its loss,
 * so a heavy-tailed target does not dominate the other tasks; the model then predicts in the
 * compressed space and inference maps its output back.
 */
export type LabelTransform = "log1p" | "sqrt";

export function compress(y: Sym, t: LabelTransform): Sym {
  // negative values (a logging error) are taken as 0 rather than turning the loss into NaN
  return t === "log1p" ? log(add(relu(y), 1)) : sqrt(relu(y));
}

/** The inverse of {@link compress}, on the model's output; never below 0. */
export function expand(z: Sym, t: LabelTransform): Sym {
  return t === "log1p" ? relu(sub(exp(z), 1)) : mul(relu(z), relu(z));
}
