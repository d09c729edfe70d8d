import { MtrecError } from "../errors.js";
import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { gemm } from "../graph/ops/gemm.js";
import { matmul } from "../graph/ops/matmul.js";
import type { InitName } from "./init.js";
import { Module } from "./module.js";
import type { Parameter } from "./parameter.js";
import type { Rng } from "./rng.js";

export interface LinearOptions {
  bias?: boolean;
  init?: InitName;
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
    this.weight = this.param("weight", [inFeatures, outFeatures], opts.init ?? "xavier", rng);
    this.bias = (opts.bias ?? true) ? this.param("bias", [outFeatures], "zeros", rng) : undefined;
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
