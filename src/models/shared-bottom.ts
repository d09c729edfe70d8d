import type { Graph } from "../graph/graph.js";
import type { FeatureEncoder } from "../nn/feature-encoder.js";
import { MLP } from "../nn/mlp.js";
import { Tower } from "./tower.js";
import { type CommonSpec, type ModelContext, type ModelOutputs, MultiTaskModel } from "./types.js";

export interface SharedBottomSpec extends CommonSpec {
  type: "shared-bottom";
  bottomHidden: number[];
}

/** Shared-Bottom (Caruana, 1997): one MLP shared by every task, then a tower per task. */
export class SharedBottom extends MultiTaskModel {
  private readonly encoder: FeatureEncoder;
  private readonly bottom: MLP;
  private readonly towers: Tower[];
  constructor(
    spec: SharedBottomSpec,
    private readonly ctx: ModelContext,
  ) {
    super();
    this.encoder = this.add("encoder", ctx.newEncoder("encoder"));
    const norm = spec.batchNorm ? "batch" : "none";
    this.bottom = this.add(
      "bottom",
      new MLP(this.encoder.width, spec.bottomHidden, undefined, ctx.rng, { dropout: spec.dropout, norm, init: spec.init }),
    );
    this.towers = ctx.tasks.map((t) => this.add(`tower.${t.name}`, new Tower(this.bottom.outFeatures, spec, ctx.rng)));
  }

  forward(g: Graph): ModelOutputs {
    const shared = this.bottom.forward(this.encoder.forward(g).all); // [B, H]
    const outputs = Object.fromEntries(this.ctx.tasks.map((t, i) => [t.name, (this.towers[i] as Tower).forward(shared)])); // [B, 1] each
    return { outputs, gates: {} };
  }
}
