import type { Sym } from "../graph.js";
import { add } from "./add.js";
import { div } from "./div.js";
import { mean } from "./mean.js";
import { mul } from "./mul.js";
import { sqrt } from "./sqrt.js";
import { sub } from "./sub.js";

/** Layer normalisation over the last axis, with optional scale and shift [H]. */
export function layerNorm(x: Sym, gamma?: Sym, beta?: Sym, eps = 1e-5): Sym {
  const centred = sub(x, mean(x, -1, true));
  const variance = mean(mul(centred, centred), -1, true);
  const normed = div(centred, sqrt(add(variance, eps)));
  const scaled = gamma ? mul(normed, gamma) : normed;
  return beta ? add(scaled, beta) : scaled;
}
