import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { detach } from "../graph/ops/detach.js";
import { mean } from "../graph/ops/mean.js";
import { mul } from "../graph/ops/mul.js";
import { sub } from "../graph/ops/sub.js";

export interface DoublyRobust {
  /** The doubly robust CVR loss over D, which trains the CVR tower. */
  cvr: Sym;
  /** The imputation loss, which trains the imputation tower to predict the CVR error. */
  imputation: Sym;
}

/**
 * The doubly robust loss of Multi-DR (Zhang et al., WWW 2020) and ESCM²-DR (Wang et al.,
 * SIGIR 2022): L = (1/|D|) Σ [ê + o·(e − ê)·w] with e the CVR error (observed on O only),
 * ê the imputed error and w = 1/p̂; the imputation tower learns ê from
 * (1/|D|) Σ o·(e − ê)²·w. Unbiased if either p̂ or ê is right.
 *
 * `detachCross` (the papers' reading, the default): each loss moves only its own tower —
 * ê is a constant in the CVR loss and e a constant in the imputation loss. PaddleRec's
 * ESCM² code lets both gradients flow into both towers; `detachCross: false` does that.
 */
export function doublyRobust(e: Sym, eHat: Sym, click: Sym, weights: Sym, detachCross = true): DoublyRobust {
  const eHatForCvr = detachCross ? detach(eHat) : eHat;
  const eForImputation = detachCross ? detach(e) : e;
  const cvr = mean(add(eHatForCvr, mul(mul(click, sub(e, eHatForCvr)), weights)));
  const gap = sub(eForImputation, eHat);
  const imputation = mean(mul(mul(click, mul(gap, gap)), weights));
  return { cvr, imputation };
}
