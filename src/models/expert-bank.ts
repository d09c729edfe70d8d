import type { Dim, Graph, Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { dropout } from "../graph/ops/dropout.js";
import { gemm } from "../graph/ops/gemm.js";
import { matmul } from "../graph/ops/matmul.js";
import { relu } from "../graph/ops/relu.js";
import { reshape } from "../graph/ops/reshape.js";
import { transpose } from "../graph/ops/transpose.js";
import { type LinearInit, linearFills } from "../nn/init.js";
import { Module } from "../nn/module.js";
import { BatchNorm } from "../nn/norm.js";
import type { Parameter } from "../nn/parameter.js";
import type { Rng } from "../nn/rng.js";

export interface ExpertBankOptions {
  dropout?: number;
  batchNorm?: boolean;
  /** How the experts' layers start (default "pytorch"). */
  init?: LinearInit;
}

/**
 * E expert MLPs that read the same input, run together and laid out feature-major, [E, h, B]:
 * the first layer is one GEMM Wᵀ·xᵀ against the experts' concatenated weights [in, E·h1] (the
 * transposes are the GEMM's flags, and ONNX Runtime fuses its bias and ReLU), deeper layers one
 * batched product over the experts ([E, h', h]·[E, h, B]). In this layout no activation is ever
 * transposed: [B, E, h] needed two transposes per deeper layer each way. Output [E, H, B].
 */
export class ExpertBank extends Module {
  private readonly weights: Parameter[] = [];
  private readonly biases: Parameter[] = [];
  private readonly norms: (BatchNorm | undefined)[] = [];
  readonly out: number;
  constructor(
    readonly input: number,
    readonly count: number,
    readonly hidden: readonly number[],
    rng: Rng,
    readonly opts: ExpertBankOptions = {},
  ) {
    super();
    const fill = linearFills(opts.init ?? "pytorch", true);
    let width = input;
    hidden.forEach((h, i) => {
      // each expert is its own layer: fan-in `width` and fan-out `h`, whatever the batched layout
      const shape = i === 0 ? [input, count * h] : [count, width, h];
      this.weights.push(this.param(`${i}.weight`, shape, fill.weight, rng, { fanIn: width, fanOut: h }));
      this.biases.push(this.param(`${i}.bias`, i === 0 ? [count * h] : [count, 1, h], fill.bias, rng, { fanIn: width }));
      this.norms.push(opts.batchNorm ? this.add(`${i}.norm`, new BatchNorm(count * h, rng)) : undefined);
      width = h;
    });
    this.out = width;
  }

  /** The experts' outputs, [E, H, B]. */
  forward(x: Sym): Sym {
    return x.graph.training ? this.featureMajor(x) : this.batchMajor(x);
  }

  private layer(i: number, g: Graph): { w: Sym; bias: Sym; norm: BatchNorm | undefined } {
    return { w: this.sym(this.weights[i] as Parameter, g), bias: this.sym(this.biases[i] as Parameter, g), norm: this.norms[i] };
  }

  // Training: every layer in [E, size, B]. The backward pass then needs no transposes either.
  private featureMajor(x: Sym): Sym {
    const b = x.shape[0] as Dim;
    const e = this.count;
    let h = x; // [B, in], then [E, width, B]
    this.hidden.forEach((size, i) => {
      const { w, bias, norm } = this.layer(i, x.graph);
      const pre =
        i === 0
          ? gemm(w, x, reshape(bias, [e * size, 1]), { transA: true, transB: true }) // [E·size, B]
          : add(matmul(transpose(w, [0, 2, 1]), h), reshape(bias, [e, size, 1])); // [E, size, B]
      // batch norm normalises each of the E·size features over the batch: it reads [B, E·size]
      const normed = norm ? reshape(transpose(norm.forward(transpose(reshape(pre, [e * size, b])))), pre.shape) : pre;
      const act = dropout(relu(normed), this.opts.dropout ?? 0);
      h = i === 0 ? reshape(act, [e, size, b]) : act;
    });
    return h; // [E, H, B]
  }

  // Inference: the weights are constants there, and ONNX Runtime pre-packs a Gemm's constant
  // right operand, so x·W with the batch first scores faster; the last layer turns to [E, H, B].
  private batchMajor(x: Sym): Sym {
    const b = x.shape[0] as Dim;
    const e = this.count;
    const lastLayer = this.hidden.length - 1;
    let flat = x; // [B, in], then [B, E·width]
    let width = this.input;
    let out = x;
    this.hidden.forEach((size, i) => {
      const { w, bias, norm } = this.layer(i, x.graph);
      // deeper layers: one batched product over the experts, [E, B, width]·[E, width, size]
      const byExpert = i === 0 ? undefined : add(matmul(transpose(reshape(flat, [b, e, width]), [1, 0, 2]), w), bias);
      if (byExpert && !norm && i === lastLayer) {
        out = relu(transpose(byExpert, [0, 2, 1])); // [E, size, B]
      } else {
        const pre = byExpert ? reshape(transpose(byExpert, [1, 0, 2]), [b, e * size]) : gemm(flat, w, bias); // [B, E·size]
        flat = relu(norm ? norm.forward(pre) : pre);
        if (i === lastLayer) out = transpose(reshape(flat, [b, e, size]), [1, 2, 0]); // [E, size, B]
      }
      width = size;
    });
    return out;
  }
}
