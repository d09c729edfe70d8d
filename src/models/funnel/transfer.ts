import type { Graph, Sym } from "../../graph/graph.js";
import { concat } from "../../graph/ops/concat.js";
import { detach } from "../../graph/ops/detach.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { mean } from "../../graph/ops/mean.js";
import { mul } from "../../graph/ops/mul.js";
import { relu } from "../../graph/ops/relu.js";
import { sigmoid } from "../../graph/ops/sigmoid.js";
import { sub } from "../../graph/ops/sub.js";
import { onD, onO } from "../../losses/sample-space.js";
import { Linear } from "../../nn/linear.js";
import { MLP } from "../../nn/mlp.js";
import { objectiveOf, type Term, term } from "../objective.js";
import type { ModelContext, ModelOutputs, Objective, ObjectiveInputs } from "../types.js";
import { type FunnelCommonSpec, FunnelModel } from "./funnel-model.js";

export interface TransferSpec extends FunnelCommonSpec {
  type: "transfer";
  stopGradient: boolean;
  chain: boolean;
  calibration: number;
}

/**
 * Towers in a chain, for funnels such as click → watch time → share: each tower's last
 * hidden vector joins the next tower's input, through stop-gradient by default so a later
 * task cannot bend an earlier tower to suit itself. The first step is trained on every
 * exposure; a later binary step predicts on the exposure too (so P(share) ≤ P(click) can be
 * asked of it), a later regression step on the clicked rows only.
 */
export class Transfer extends FunnelModel {
  private readonly hidden: MLP[] = [];
  private readonly heads: Linear[] = [];

  constructor(
    private readonly spec: TransferSpec,
    ctx: ModelContext,
  ) {
    super(
      spec,
      ctx,
      ctx.tasks.map((t) => t.name),
      "click,watch_time,share",
      undefined,
      true,
    );
    const carried = spec.towerHidden.at(-1) ?? this.bottom.width;
    ctx.tasks.forEach((t, k) => {
      const input = this.bottom.width + (k > 0 && spec.chain ? carried : 0);
      const norm = spec.batchNorm ? "batch" : "none";
      const mlp = this.add(
        `tower.${t.name}`,
        new MLP(input, spec.towerHidden, undefined, ctx.rng, { dropout: spec.dropout, norm, init: spec.init }),
      );
      this.hidden.push(mlp);
      this.heads.push(this.add(`head.${t.name}`, new Linear(mlp.outFeatures, 1, ctx.rng, { init: spec.init })));
    });
  }

  forward(g: Graph): ModelOutputs {
    const { reps, gates } = this.bottom.forward(g);
    const outputs: Record<string, Sym> = {};
    const probabilities: Record<string, Sym> = {};
    let previous: Sym | undefined;
    this.ctx.tasks.forEach((t, k) => {
      const own = reps[t.name] as Sym;
      const input = previous && this.spec.chain ? concat([own, this.spec.stopGradient ? detach(previous) : previous], 1) : own;
      const h = (this.hidden[k] as MLP).forward(input); // [B, H], the vector the next tower reads
      const z = (this.heads[k] as Linear).forward(h); // [B, 1]
      outputs[t.name] = z;
      if (t.type === "binary") probabilities[t.name] = sigmoid(z);
      previous = h;
    });
    return { outputs, gates, probabilities };
  }

  override objective(out: ModelOutputs, inputs: ObjectiveInputs): Objective {
    const click = this.label(inputs, 0);
    const terms: Record<string, Term> = {};
    this.ctx.tasks.forEach((t, k) => {
      const z = out.outputs[t.name] as Sym;
      const y = this.label(inputs, k);
      const d = sub(z, y);
      const l = t.type === "binary" ? onD(bceTerms(z, y)) : onO(mul(d, d), click);
      terms[t.name] = term(l);
    });
    if (this.spec.calibration > 0) {
      const binary = this.ctx.tasks.filter((t) => t.type === "binary");
      for (let k = 1; k < binary.length; k++) {
        const gap = sub(out.probabilities![binary[k]!.name]!, out.probabilities![binary[k - 1]!.name]!);
        const penalty = mean(relu(gap)); // mean(max(p_next − p_prev, 0))
        terms[`calibration:${binary[k]!.name}`] = term(penalty, this.spec.calibration);
      }
    }
    return objectiveOf(terms);
  }
}
