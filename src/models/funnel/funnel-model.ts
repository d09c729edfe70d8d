import { MtrecError } from "../../errors.js";
import type { Graph, Sym } from "../../graph/graph.js";
import { bceTerms } from "../../graph/ops/loss/bce-with-logits.js";
import { sigmoid } from "../../graph/ops/sigmoid.js";
import { ipsWeights } from "../../losses/propensity.js";
import { onD } from "../../losses/sample-space.js";
import { Tower } from "../tower.js";
import { type ModelContext, type ModelOutputs, MultiTaskModel, type ObjectiveInputs, type TaskSpec } from "../types.js";
import { type BottomSpec, FunnelBottom } from "./bottom.js";
import { cvrOutputs } from "./cvr-outputs.js";
import { weightsFor } from "./propensity-of.js";
import { SeparatePropensity } from "./separate-propensity.js";

export interface FunnelCommonSpec extends BottomSpec {
  type: string;
  towerHidden: number[];
}

export interface PropensitySpec {
  source: "model" | "column" | "separate";
  column?: string;
  min: number;
  maxWeight: number;
  stopGradient: boolean;
}

/**
 * The common frame of the click → conversion models: a bottom, one tower (a logit) per head,
 * and the tasks in funnel order (click first). Each model names its heads and writes its
 * objective in the sample spaces its paper uses.
 */
export abstract class FunnelModel extends MultiTaskModel {
  protected readonly bottom: FunnelBottom;
  protected readonly towers: Record<string, Tower> = {};
  /** A click model of its own for the propensities, when `propensity.source` is "separate". */
  protected readonly separate: SeparatePropensity | undefined;

  /**
   * `labels` shows the funnel order the model takes (`click,purchase`); `kinds` the type of
   * each label, or undefined where a chain of any length and kind is fine.
   */
  constructor(
    spec: FunnelCommonSpec,
    protected readonly ctx: ModelContext,
    heads: string[],
    labels: string,
    kinds?: TaskSpec["type"][],
    /** The model builds its own towers (a chain, say) instead of one independent tower per head. */
    ownTowers = false,
  ) {
    super();
    const wrong = kinds ? ctx.tasks.length !== kinds.length || ctx.tasks.some((t, i) => t.type !== kinds[i]) : ctx.tasks.length < 2;
    if (wrong) {
      const got = ctx.tasks.map((t) => `${t.name} (${t.type})`).join(", ");
      throw new MtrecError(
        "BAD_CONFIG",
        `mtrec: ${spec.type} takes its labels in funnel order, --labels ${labels}${kinds ? ` (${kinds.join(", ")})` : ""}; got ${got}`,
      );
    }
    this.bottom = this.add("bottom", new FunnelBottom(heads, spec, ctx));
    const propensity = (spec as { propensity?: PropensitySpec }).propensity;
    this.separate =
      propensity?.source === "separate" ? this.add("propensity", new SeparatePropensity(ctx, spec.towerHidden, spec.init)) : undefined;
    if (!ownTowers)
      for (const h of heads)
        this.towers[h] = this.add(
          `tower.${h}`,
          new Tower(
            this.bottom.width,
            { towerHidden: spec.towerHidden, dropout: spec.dropout, batchNorm: spec.batchNorm, init: spec.init },
            ctx.rng,
          ),
        );
  }

  /** The name of the task at a position of the funnel. */
  protected task(i: number): string {
    return (this.ctx.tasks[i] as { name: string }).name;
  }

  /**
   * Every head's logit, [B, 1], keyed by head name, and with an `mmoe` bottom each head's gate:
   * a funnel's heads (ctr, cvr, ...) are not its tasks, so expert usage is reported per head.
   */
  protected logits(g: Graph): { z: Record<string, Sym>; gates: ModelOutputs["gates"] } {
    const { reps, gates } = this.bottom.forward(g);
    return { z: Object.fromEntries(Object.entries(this.towers).map(([h, tower]) => [h, tower.forward(reps[h] as Sym)])), gates };
  }

  protected label(inputs: ObjectiveInputs, i: number): Sym {
    return inputs.labels[this.task(i)] as Sym;
  }

  /**
   * The forward of the two-tower CVR models: pCTR and pCVR from the `ctr` and `cvr` heads,
   * the logits as outputs, plus whatever `extra` derives from the heads (an imputation).
   */
  protected ctrCvr(g: Graph, extra: (z: Record<string, Sym>) => Record<string, Sym> = () => ({})): ModelOutputs {
    const { z, gates } = this.logits(g);
    const out = cvrOutputs(this.task(0), this.task(1), z.ctr as Sym, sigmoid(z.ctr as Sym), sigmoid(z.cvr as Sym));
    return {
      ...out,
      outputs: this.withPropensity(g, { [this.task(0)]: z.ctr as Sym, cvr: z.cvr as Sym, ...extra(z) }),
      gates,
    };
  }

  /** Adds the separate propensity model's logit to a model's outputs, when it has one. */
  protected withPropensity(g: Graph, outputs: Record<string, Sym>): Record<string, Sym> {
    if (this.separate) outputs.propensity = this.separate.forward(g);
    return outputs;
  }

  /**
   * The inverse-propensity weights, and for a separate propensity model its own loss
   * (BCE on the click, on D), which the objective must add so that model learns.
   */
  protected propensityWeights(spec: PropensitySpec, out: ModelOutputs, inputs: ObjectiveInputs): { weights: Sym; loss?: Sym } {
    const own = out.outputs.propensity;
    if (spec.source === "separate" && own) {
      return { weights: ipsWeights(sigmoid(own), spec), loss: onD(bceTerms(own, this.label(inputs, 0))) };
    }
    return { weights: weightsFor(spec, out.probabilities?.ctr as Sym, inputs) };
  }
}
