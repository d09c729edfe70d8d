import { MtrecError } from "../../../errors.js";
import type { Sym } from "../../graph.js";
import { sameShape } from "../../shape.js";
import { mul } from "../mul.js";
import { softplus } from "../softplus.js";
import { sub } from "../sub.js";
import { type LossOptions, reduceLoss } from "./reduce.js";

/**
 * Binary cross-entropy on logits z with labels y in [0, 1]: softplus(z) − z·y per row,
 * which equals −[y log σ(z) + (1−y) log(1−σ(z))] and stays finite for |z| up to 1e4.
 */
export function bceWithLogits(logits: Sym, labels: Sym, opts: LossOptions = {}): Sym {
  return reduceLoss(bceTerms(logits, labels), opts);
}

/** The per-row terms of {@link bceWithLogits}, unreduced (for losses that weight rows themselves). */
export function bceTerms(logits: Sym, labels: Sym): Sym {
  if (!sameShape(logits.shape, labels.shape))
    throw new MtrecError("GRAPH", `mtrec: bceWithLogits: logits ${logits} and labels ${labels} differ in shape`);
  return sub(softplus(logits), mul(logits, labels));
}
