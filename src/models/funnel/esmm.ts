import type { Graph } from "../../graph/graph.js";
import { bceProbTerms } from "../../graph/ops/loss/bce-on-prob.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { onD } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel } from "./funnel-model.js";

export interface ESMMSpec extends FunnelCommonSpec {
  type: "esmm";
  ctcvrWeight: number;
}

/**
 * ESMM (Ma et al., SIGIR 2018, arXiv 1804.07931): pCTR and pCVR towers over shared
 * embeddings; both losses on D, BCE(click, pCTR) and BCE(click·buy, pCTR·pCVR); no loss
 * on pCVR alone, which is how it escapes training on clicks only.
 */
export class ESMM extends FunnelModel {
  constructor(
    private readonly spec: ESMMSpec,
    ctx: ModelContext,
  ) {
    super(spec, ctx, ["ctr", "cvr"], "click,purchase", ["binary", "binary"]);
  }

  forward(g: Graph): ModelOutputs {
    return this.ctrCvr(g);
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const p = out.probabilities!;
    const ctr = onD(bceTerms(out.outputs[this.task(0)]!, this.label(inputs, 0))); // on D
    // a BCE on the product of probabilities: pCTCVR has no logit of its own
    const ctcvr = onD(bceProbTerms(p.ctcvr!, this.label(inputs, 1))); // on D; the label is click·buy
    return objectiveOf({ ctr: term(ctr), ctcvr: term(ctcvr, this.spec.ctcvrWeight) });
  }
}
