import { MtrecError } from "../errors.js";
import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { gemm } from "../graph/ops/gemm.js";
import { matmul } from "../graph/ops/matmul.js";
import { type LinearInit, linearFills } from "./init.js";
import { Module } from "./module.js";
import type { Parameter } from "./parameter.js";
import type { Rng } from "./rng.js";

export interface LinearOptions {
  bias?: boolean;
  /** The model's scheme (default "pytorch"), or "zeros" for a layer that must start at zero. */
  init?: LinearInit | "zeros";
  /** The layer feeds a ReLU (under "he" it then gets He, otherwise Xavier). */
  beforeRelu?: boolean;
}

/** y = x·W + b with W [in, out]: one Gemm for 2-D input. */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng,
    opts: LinearOptions = {},
  ) {
    super();
    const init = opts.init ?? "pytorch";
    const fill = init === "zeros" ? { weight: "zeros" as const, bias: "zeros" as const } : linearFills(init, opts.beforeRelu ?? false);
    this.weight = this.param("weight", [inFeatures, outFeatures], fill.weight, rng);
    this.bias = (opts.bias ?? true) ? this.param("bias", [outFeatures], fill.bias, rng, { fanIn: inFeatures }) : undefined;
  }

  forward(x: Sym): Sym {
    const g = x.graph;
    if (x.shape[x.rank - 1] !== this.inFeatures)
      throw new MtrecError("GRAPH", `mtrec: Linear ${this.weight.name}: expects ${this.inFeatures} input features, got ${x}`);
    const w = this.sym(this.weight, g);
    const b = this.bias ? this.sym(this.bias, g) : undefined;
    if (x.rank === 2) return gemm(x, w, b);
    const y = matmul(x, w);
    return b ? add(y, b) : y;
  }
}
