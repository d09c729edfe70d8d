import { MtrecError } from "../../../errors.js";
import type { Sym } from "../../graph.js";
import { sameShape } from "../../shape.js";
import { add } from "../add.js";
import { clamp } from "../clamp.js";
import { log } from "../log.js";
import { mul } from "../mul.js";
import { neg } from "../neg.js";
import { sub } from "../sub.js";
import { type LossOptions, reduceLoss } from "./reduce.js";

export interface BceOnProbOptions extends LossOptions {
  /** Probabilities are clamped to [eps, 1 − eps] before the log. */
  eps?: number;
}

/**
 * Binary cross-entropy on a probability, for products of towers (pCTR·pCVR) that have no
 * logit of their own. Clamped so a saturated product gives a large finite loss, not ∞.
 */
export function bceOnProb(prob: Sym, labels: Sym, opts: BceOnProbOptions = {}): Sym {
  return reduceLoss(bceProbTerms(prob, labels, opts.eps), opts);
}

/** The per-row terms of {@link bceOnProb}, unreduced. */
export function bceProbTerms(prob: Sym, labels: Sym, eps?: number): Sym {
  if (!sameShape(prob.shape, labels.shape))
    throw new MtrecError("GRAPH", `mtrec: bceOnProb: probabilities ${prob} and labels ${labels} differ in shape`);
  const e = eps ?? (prob.dtype === "float32" ? 1e-6 : 1e-12);
  const p = clamp(prob, e, 1 - e);
  return neg(add(mul(labels, log(p)), mul(sub(1, labels), log(sub(1, p)))));
}
