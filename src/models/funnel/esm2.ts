import type { Graph } from "../../graph/graph.js";
import { add } from "../../graph/ops/add.js";
import { bceProbTerms } from "../../graph/ops/loss/bce-on-prob.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { mul } from "../../graph/ops/mul.js";
import { sigmoid } from "../../graph/ops/sigmoid.js";
import { sub } from "../../graph/ops/sub.js";
import { onD } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel } from "./funnel-model.js";

export interface ESM2Spec extends FunnelCommonSpec {
  type: "esm2";
  actionWeight: number;
  purchaseWeight: number;
}

/**
 * ESM² (Wen et al., SIGIR 2020, arXiv 1910.07099): the funnel impression → click →
 * D-action (cart, wishlist) or other → purchase. Four heads: y1 = P(click),
 * y2 = P(D-action | click), y3 = P(buy | D-action), y4 = P(buy | other); then
 * pCTAVR = y1·y2, pCVR = y2·y3 + (1 − y2)·y4, pCTCVR = y1·pCVR, and three BCE losses on D:
 * click, click ∧ D-action, click ∧ buy.
 */
export class ESM2 extends FunnelModel {
  constructor(
    private readonly spec: ESM2Spec,
    ctx: ModelContext,
  ) {
    super(spec, ctx, ["click", "action", "buyAction", "buyOther"], "click,action,purchase", ["binary", "binary", "binary"]);
  }

  forward(g: Graph): ModelOutputs {
    const { z, gates } = this.logits(g);
    const y1 = sigmoid(z.click!);
    const y2 = sigmoid(z.action!);
    const y3 = sigmoid(z.buyAction!);
    const y4 = sigmoid(z.buyOther!);
    const pCvr = add(mul(y2, y3), mul(sub(1, y2), y4));
    const pCtavr = mul(y1, y2);
    const pCtcvr = mul(y1, pCvr);
    return {
      outputs: { [this.task(0)]: z.click! },
      gates,
      probabilities: {
        [this.task(0)]: y1,
        [this.task(1)]: pCtavr,
        [this.task(2)]: pCtcvr,
        ctr: y1,
        cvr: pCvr,
        ctcvr: pCtcvr,
        ctavr: pCtavr,
        actionGivenClick: y2,
        buyGivenAction: y3,
        buyGivenOther: y4,
      },
    };
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const p = out.probabilities!;
    const click = onD(bceTerms(out.outputs[this.task(0)]!, this.label(inputs, 0)));
    const action = onD(bceProbTerms(p.ctavr!, this.label(inputs, 1))); // label: click ∧ D-action
    const purchase = onD(bceProbTerms(p.ctcvr!, this.label(inputs, 2))); // label: click ∧ buy
    return objectiveOf({
      click: term(click),
      action: term(action, this.spec.actionWeight),
      purchase: term(purchase, this.spec.purchaseWeight),
    });
  }
}
