import type { Graph } from "../../graph/graph.js";
import { clamp } from "../../graph/ops/clamp.js";
import { div } from "../../graph/ops/div.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { sigmoid } from "../../graph/ops/sigmoid.js";
import { onD } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { cvrOutputs } from "./cvr-outputs.js";
import { type FunnelCommonSpec, FunnelModel } from "./funnel-model.js";

export interface CtcvrDirectSpec extends FunnelCommonSpec {
  type: "ctcvr-direct";
}

/**
 * A CTR tower and a CTCVR tower trained jointly on D, without a CVR tower: the baseline
 * ESMM improves on. Its CVR is read off as pCTCVR / pCTR, clipped to [0, 1].
 */
export class CtcvrDirect extends FunnelModel {
  constructor(spec: CtcvrDirectSpec, ctx: ModelContext) {
    super(spec, ctx, ["ctr", "ctcvr"], "click,purchase", ["binary", "binary"]);
  }

  forward(g: Graph): ModelOutputs {
    const { z, gates } = this.logits(g);
    const pCtr = sigmoid(z.ctr!);
    const pCtcvr = sigmoid(z.ctcvr!);
    const pCvr = clamp(div(pCtcvr, clamp(pCtr, 1e-6, 1)), 0, 1);
    return {
      ...cvrOutputs(this.task(0), this.task(1), z.ctr!, pCtr, pCvr, pCtcvr),
      outputs: { [this.task(0)]: z.ctr!, [this.task(1)]: z.ctcvr! },
      gates,
    };
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const ctr = onD(bceTerms(out.outputs[this.task(0)]!, this.label(inputs, 0)));
    const ctcvr = onD(bceTerms(out.outputs[this.task(1)]!, this.label(inputs, 1)));
    return objectiveOf({ ctr: term(ctr), ctcvr: term(ctcvr) });
  }
}
