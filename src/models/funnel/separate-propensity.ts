import type { Graph, Sym } from "../../graph/graph.js";
import type { FeatureEncoder } from "../../nn/feature-encoder.js";
import type { LinearInit } from "../../nn/init.js";
import { MLP } from "../../nn/mlp.js";
import { Module } from "../../nn/module.js";
import type { ModelContext } from "../types.js";

/**
 * A click model with embeddings and weights of its own, trained beside a CVR model only to
 * give it propensities: nothing it learns is shared, and its output reaches the CVR loss
 * through stop-gradient only.
 */
export class SeparatePropensity extends Module {
  private readonly encoder: FeatureEncoder;
  private readonly mlp: MLP;
  constructor(ctx: ModelContext, hidden: number[], init: LinearInit) {
    super();
    this.encoder = this.add("encoder", ctx.newEncoder("propensity"));
    this.mlp = this.add("mlp", new MLP(this.encoder.width, hidden, 1, ctx.rng, { init }));
  }
  /** The click logit, [B, 1]. */
  forward(g: Graph): Sym {
    return this.mlp.forward(this.encoder.forward(g).all);
  }
}
