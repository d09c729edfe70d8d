import type { Graph, Sym } from "../../graph/graph.js";
import { add } from "../../graph/ops/add.js";
import { clamp } from "../../graph/ops/clamp.js";
import { detach } from "../../graph/ops/detach.js";
import { div } from "../../graph/ops/div.js";
import { bceProbTerms } from "../../graph/ops/loss/bce-on-prob.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { mul } from "../../graph/ops/mul.js";
import { softplus } from "../../graph/ops/softplus.js";
import { sum } from "../../graph/ops/sum.js";
import { doublyRobust } from "../../losses/doubly-robust.js";
import { ipsOnD, onD } from "../../losses/sample-space.js";
import { objectiveOf, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel, type PropensitySpec } from "./funnel-model.js";

export interface ESCM2Spec extends FunnelCommonSpec {
  type: "escm2-ips" | "escm2-dr";
  propensity: PropensitySpec;
  cvrWeight: number;
  ctcvrWeight: number;
  variant: "paper" | "paddlerec";
}

/**
 * ESCM² (Wang et al., SIGIR 2022, arXiv 2204.05125): ESMM's two losses on D plus a
 * counterfactual CVR loss, L = L_ctr + λc·L_cvr + λg·L_ctcvr, where L_cvr is the IPS loss
 * (1/|D|) Σ o·e/p̂ (escm2-ips) or the doubly robust loss with an imputation tower
 * (escm2-dr). The paper clips p̂ and stops its gradient so the CVR loss cannot drag the CTR
 * tower.
 *
 * `variant: "paddlerec"` follows the authors' PaddleRec code instead, which differs: its IPS
 * weight is 1/(pCTR·n²) for the batch's click count n, floored at pCTR·n² ≥ 1e-6 and clipped
 * at 15, under stop-gradient; its DR loss neither clips nor stops the gradient of p̂, and
 * lets the CVR and imputation losses both move both towers.
 */
export class ESCM2 extends FunnelModel {
  constructor(
    private readonly spec: ESCM2Spec,
    ctx: ModelContext,
  ) {
    super(spec, ctx, spec.type === "escm2-dr" ? ["ctr", "cvr", "imputation"] : ["ctr", "cvr"], "click,purchase", ["binary", "binary"]);
  }

  forward(g: Graph): ModelOutputs {
    return this.ctrCvr(g, (z): Record<string, Sym> => (z.imputation ? { imputation: softplus(z.imputation) } : {}));
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const click = this.label(inputs, 0);
    const p = out.probabilities!;
    const ctr = onD(bceTerms(out.outputs[this.task(0)]!, click));
    const ctcvr = onD(bceProbTerms(p.ctcvr!, this.label(inputs, 1)));
    const errors = bceTerms(out.outputs.cvr!, this.label(inputs, 1));
    const paddle = this.spec.variant === "paddlerec";
    let cvr: Sym;
    const extras: Record<string, Sym> = {};
    const own = this.propensityWeights(this.spec.propensity, out, inputs);
    if (this.spec.type === "escm2-ips") {
      const w = paddle ? paddleIpsWeights(p.ctr!, click) : own.weights;
      cvr = ipsOnD(errors, click, w);
    } else {
      const w = paddle ? div(1, clamp(p.ctr!, 1e-6, 1)) : own.weights;
      const dr = doublyRobust(errors, out.outputs.imputation!, click, w, !paddle);
      cvr = add(dr.cvr, dr.imputation);
      extras.imputation = dr.imputation;
    }
    const terms = { ctr: term(ctr), cvr: term(cvr, this.spec.cvrWeight), ctcvr: term(ctcvr, this.spec.ctcvrWeight) };
    return objectiveOf(own.loss ? { ...terms, propensity: term(own.loss) } : terms, extras);
  }
}

/** PaddleRec's IPS weight: 1/(pCTR·n²) with n the batch's clicks, floored and clipped at 15, no gradient. */
function paddleIpsWeights(pCtr: Sym, click: Sym): Sym {
  const n = detach(sum(click));
  return detach(clamp(div(1, clamp(mul(pCtr, mul(n, n)), 1e-6, 1e30)), -15, 15));
}
