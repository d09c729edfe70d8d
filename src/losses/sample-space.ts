import type { Sym } from "../graph/graph.js";
import { reduceLoss } from "../graph/ops/loss/reduce.js";
import { mean } from "../graph/ops/mean.js";
import { mul } from "../graph/ops/mul.js";

/**
 * Where a loss is averaged. D is every exposure, O the clicked ones: a post-click target
 * is only observed on O, and how a model treats D \ O is what separates the CVR models.
 */

/** Mean over every exposure (D). */
export function onD(terms: Sym): Sym {
  return mean(terms);
}

/** Mean over the clicked exposures only (O); 0 for a batch without a click. */
export function onO(terms: Sym, click: Sym): Sym {
  return reduceLoss(terms, { mask: click });
}

/**
 * Inverse-propensity-weighted loss over D: (1/|D|) Σ o·w·e, with w = 1/p̂ the weights of
 * {@link ipsWeights}. Unbiased for the loss on all of D when p̂ is the true click propensity.
 */
export function ipsOnD(terms: Sym, click: Sym, weights: Sym): Sym {
  return mean(mul(mul(terms, click), weights));
}
