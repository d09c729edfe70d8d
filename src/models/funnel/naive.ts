import type { Graph } from "../../graph/graph.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { onD, onO } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel } from "./funnel-model.js";

export interface NaiveSpec extends FunnelCommonSpec {
  type: "cvr-naive" | "mtl-naive" | "mtl-imp";
}

/**
 * The baselines that ignore selection bias. `cvr-naive`: CVR trained on O alone, with a CTR
 * model beside it that shares nothing (bottom "separate"); `mtl-naive`: the same losses over
 * a shared bottom; `mtl-imp`: unclicked exposures taken as CVR negatives, CVR loss on D.
 */
export class NaiveCVR extends FunnelModel {
  constructor(
    private readonly spec: NaiveSpec,
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
    const errors = bceTerms(out.outputs.cvr!, this.label(inputs, 1)); // the purchase label is 0 off O
    const cvr = this.spec.type === "mtl-imp" ? onD(errors) : onO(errors, click);
    return objectiveOf({ ctr: term(ctr), cvr: term(cvr) });
  }
}
