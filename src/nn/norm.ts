import type { Sym } from "../graph/graph.js";
import { batchNorm } from "../graph/ops/batch-norm.js";
import { layerNorm } from "../graph/ops/layer-norm.js";
import { Module } from "./module.js";
import type { Parameter } from "./parameter.js";
import type { Rng } from "./rng.js";

/** Batch normalisation over the batch axis of [B, H], with running statistics as buffers. */
export class BatchNorm extends Module {
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly runningMean: Parameter;
  readonly runningVar: Parameter;
  constructor(
    readonly features: number,
    rng: Rng,
    readonly momentum = 0.1,
    readonly eps = 1e-5,
  ) {
    super();
    this.gamma = this.param("gamma", [features], "ones", rng);
    this.beta = this.param("beta", [features], "zeros", rng);
    this.runningMean = this.param("running_mean", [features], "zeros", rng, { buffer: true });
    this.runningVar = this.param("running_var", [features], "ones", rng, { buffer: true });
  }

  forward(x: Sym): Sym {
    const g = x.graph;
    const running = { mean: this.sym(this.runningMean, g), var: this.sym(this.runningVar, g) };
    const r = batchNorm(x, this.sym(this.gamma, g), this.sym(this.beta, g), running, g.training, this.eps);
    if (r.batchMean && r.batchVar) {
      g.bufferUpdates.push({ buffer: this.runningMean.name, value: r.batchMean, momentum: this.momentum, unbias: false });
      g.bufferUpdates.push({ buffer: this.runningVar.name, value: r.batchVar, momentum: this.momentum, unbias: true });
    }
    return r.y;
  }
}

/** Layer normalisation over the last axis. */
export class LayerNorm extends Module {
  readonly gamma: Parameter;
  readonly beta: Parameter;
  constructor(
    readonly features: number,
    rng: Rng,
    readonly eps = 1e-5,
  ) {
    super();
    this.gamma = this.param("gamma", [features], "ones", rng);
    this.beta = this.param("beta", [features], "zeros", rng);
  }

  forward(x: Sym): Sym {
    return layerNorm(x, this.sym(this.gamma, x.graph), this.sym(this.beta, x.graph), this.eps);
  }
}
