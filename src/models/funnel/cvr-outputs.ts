import type { Sym } from "../../graph/graph.js";
import { mul } from "../../graph/ops/mul.js";
import type { ModelOutputs } from "../types.js";

/**
 * The outputs every click → conversion model gives: the click task predicts pCTR, the
 * purchase task pCTCVR (a purchase on an exposure), and `ctr`, `cvr` and `ctcvr` by name.
 */
export function cvrOutputs(
  clickTask: string,
  purchaseTask: string,
  ctrLogit: Sym,
  pCtr: Sym,
  pCvr: Sym,
  pCtcvr: Sym = mul(pCtr, pCvr),
): ModelOutputs {
  return {
    outputs: { [clickTask]: ctrLogit },
    gates: {},
    probabilities: { [clickTask]: pCtr, [purchaseTask]: pCtcvr, ctr: pCtr, cvr: pCvr, ctcvr: pCtcvr },
  };
}
