import type { Graph, Sym } from "../../graph/graph.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { softplus } from "../../graph/ops/softplus.js";
import { doublyRobust } from "../../losses/doubly-robust.js";
import { ipsOnD, onD } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel, type PropensitySpec } from "./funnel-model.js";

export interface MultiDRSpec extends FunnelCommonSpec {
  type: "multi-dr";
  propensity: PropensitySpec;
  imputation: "dr" | "auxiliary";
}

/**
 * Multi-DR (Zhang et al., WWW 2020): Multi-IPW plus an imputation tower ê that predicts the
 * CVR error on every exposure; the CVR tower learns from (1/|D|) Σ [ê + o·(e − ê)/p̂].
 * ê = softplus(logit): an error is never negative. `imputation: "auxiliary"` keeps the
 * imputation tower and its loss but trains the CVR tower on Multi-IPW's loss, so ê reaches
 * the CVR tower only through the shared embeddings: what the DR form itself adds.
 */
export class MultiDR extends FunnelModel {
  constructor(
    private readonly spec: MultiDRSpec,
    ctx: ModelContext,
  ) {
    super(spec, ctx, ["ctr", "cvr", "imputation"], "click,purchase", ["binary", "binary"]);
  }

  forward(g: Graph): ModelOutputs {
    return this.ctrCvr(g, (z) => ({ imputation: softplus(z.imputation as Sym) }));
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const click = this.label(inputs, 0);
    const ctr = onD(bceTerms(out.outputs[this.task(0)]!, click));
    const { weights, loss: propensity } = this.propensityWeights(this.spec.propensity, out, inputs);
    const dr = doublyRobust(bceTerms(out.outputs.cvr!, this.label(inputs, 1)), out.outputs.imputation!, click, weights);
    const cvr = this.spec.imputation === "auxiliary" ? ipsOnD(bceTerms(out.outputs.cvr!, this.label(inputs, 1)), click, weights) : dr.cvr;
    const terms = { ctr: term(ctr), cvr: term(cvr), imputation: term(dr.imputation) };
    return objectiveOf(propensity ? { ...terms, propensity: term(propensity) } : terms);
  }
}
