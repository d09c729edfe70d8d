import type { Graph } from "../graph/graph.js";
import type { FeatureEncoder } from "../nn/feature-encoder.js";
import { MLP } from "../nn/mlp.js";
import { Tower } from "./tower.js";
import { type CommonSpec, type ModelContext, type ModelOutputs, MultiTaskModel } from "./types.js";

export interface SingleSpec extends CommonSpec {
  type: "single";
  bottomHidden: number[];
}

/**
 * One independent model per task, embeddings included: nothing is shared, so it is the
 * baseline that negative transfer is measured against. Trained in one graph for speed;
 * the tasks' parameters are disjoint, so their gradients do not mix.
 */
export class Single extends MultiTaskModel {
  private readonly encoders: FeatureEncoder[];
  private readonly bottoms: MLP[];
  private readonly towers: Tower[];
  constructor(
    spec: SingleSpec,
    private readonly ctx: ModelContext,
  ) {
    super();
    const norm = spec.batchNorm ? "batch" : "none";
    this.encoders = ctx.tasks.map((t) => this.add(`encoder.${t.name}`, ctx.newEncoder(`encoder.${t.name}`)));
    this.bottoms = ctx.tasks.map((t, i) =>
      this.add(
        `bottom.${t.name}`,
        new MLP((this.encoders[i] as FeatureEncoder).width, spec.bottomHidden, undefined, ctx.rng, {
          dropout: spec.dropout,
          norm,
          init: spec.init,
        }),
      ),
    );
    this.towers = ctx.tasks.map((t, i) => this.add(`tower.${t.name}`, new Tower((this.bottoms[i] as MLP).outFeatures, spec, ctx.rng)));
  }

  forward(g: Graph): ModelOutputs {
    const outputs = Object.fromEntries(
      this.ctx.tasks.map((t, i) => {
        const x = (this.encoders[i] as FeatureEncoder).forward(g).all;
        return [t.name, (this.towers[i] as Tower).forward((this.bottoms[i] as MLP).forward(x))]; // [B, 1]
      }),
    );
    return { outputs, gates: {} };
  }
}
