import type { Graph } from "../../graph/graph.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { ipsOnD, onD } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel, type PropensitySpec } from "./funnel-model.js";

export interface IPWSpec extends FunnelCommonSpec {
  type: "naive-ipw" | "multi-ipw";
  propensity: PropensitySpec;
}

/**
 * CVR error on O weighted by 1/p̂, averaged over D: (1/|D|) Σ o·e/p̂. `multi-ipw`
 * (Multi-IPW, Zhang et al., WWW 2020, arXiv 1910.09337) takes p̂ from its own CTR tower over
 * shared embeddings; `naive-ipw` from a CTR model that shares nothing with the CVR tower
 * (bottom "separate"). Either can take p̂ from a data column instead.
 */
export class IPW extends FunnelModel {
  constructor(
    private readonly spec: IPWSpec,
    ctx: ModelContext,
  ) {
    super(spec, ctx, ["ctr", "cvr"], "click,purchase", ["binary", "binary"]);
  }

  forward(g: Graph): ModelOutputs {
    return this.ctrCvr(g);
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const click = this.label(inputs, 0);
    const ctr = onD(bceTerms(out.outputs[this.task(0)]!, click));
    const { weights, loss: propensity } = this.propensityWeights(this.spec.propensity, out, inputs);
    const cvr = ipsOnD(bceTerms(out.outputs.cvr!, this.label(inputs, 1)), click, weights);
    return objectiveOf({ ctr: term(ctr), cvr: term(cvr), ...(propensity ? { propensity: term(propensity) } : {}) });
  }
}
