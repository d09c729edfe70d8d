import type { Sym } from "../graph/graph.js";
import { dropout } from "../graph/ops/dropout.js";
import { relu } from "../graph/ops/relu.js";
import { sigmoid } from "../graph/ops/sigmoid.js";
import { tanh } from "../graph/ops/tanh.js";
import type { LinearInit } from "./init.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";
import { BatchNorm, LayerNorm } from "./norm.js";
import type { Rng } from "./rng.js";

export type Activation = "relu" | "tanh" | "sigmoid" | "none";

export interface MLPOptions {
  activation?: Activation;
  /** Dropout after each hidden layer's activation. */
  dropout?: number;
  /** Normalisation after each hidden layer's linear map. */
  norm?: "batch" | "layer" | "none";
  /** How the linear layers start (default "pytorch"). */
  init?: LinearInit;
}

export function activate(x: Sym, a: Activation): Sym {
  switch (a) {
    case "relu":
      return relu(x);
    case "tanh":
      return tanh(x);
    case "sigmoid":
      return sigmoid(x);
    case "none":
      return x;
  }
}

/**
 * Hidden layers (linear → norm → activation → dropout), then an optional linear output
 * layer with no activation (its output is a logit or a regression value).
 */
export class MLP extends Module {
  private readonly layers: { linear: Linear; norm?: BatchNorm | LayerNorm }[] = [];
  private readonly head: Linear | undefined;
  readonly outFeatures: number;
  constructor(
    readonly inFeatures: number,
    hidden: readonly number[],
    out: number | undefined,
    rng: Rng,
    readonly opts: MLPOptions = {},
  ) {
    super();
    const activation = opts.activation ?? "relu";
    let width = inFeatures;
    hidden.forEach((h, i) => {
      const linear = this.add(`${i}`, new Linear(width, h, rng, { init: opts.init, beforeRelu: activation === "relu" }));
      const norm =
        opts.norm === "batch"
          ? this.add(`${i}.norm`, new BatchNorm(h, rng))
          : opts.norm === "layer"
            ? this.add(`${i}.norm`, new LayerNorm(h, rng))
            : undefined;
      this.layers.push({ linear, norm });
      width = h;
    });
    this.head = out === undefined ? undefined : this.add("out", new Linear(width, out, rng, { init: opts.init }));
    this.outFeatures = out ?? width;
  }

  forward(x: Sym): Sym {
    let h = x;
    for (const { linear, norm } of this.layers) {
      h = linear.forward(h);
      if (norm) h = norm.forward(h);
      h = dropout(activate(h, this.opts.activation ?? "relu"), this.opts.dropout ?? 0);
    }
    return this.head ? this.head.forward(h) : h;
  }
}
