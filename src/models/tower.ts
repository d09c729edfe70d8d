import type { Sym } from "../graph/graph.js";
import { MLP } from "../nn/mlp.js";
import { Module } from "../nn/module.js";
import type { Rng } from "../nn/rng.js";
import type { CommonSpec } from "./types.js";

/** One task's tower: hidden layers, then a single output (a logit or a regression value). */
export class Tower extends Module {
  private readonly mlp: MLP;
  constructor(input: number, spec: CommonSpec, rng: Rng) {
    super();
    this.mlp = this.add(
      "mlp",
      new MLP(input, spec.towerHidden, 1, rng, { dropout: spec.dropout, norm: spec.batchNorm ? "batch" : "none", init: spec.init }),
    );
  }
  forward(x: Sym): Sym {
    return this.mlp.forward(x); // [B, 1]
  }
}
