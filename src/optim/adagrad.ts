import type { Parameter } from "../nn/parameter.js";
import { ElementwiseOptimizer } from "./elementwise.js";
import type { OptimizerOptions } from "./optimizer.js";

export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the squared-gradient sum. Default 0, as PyTorch (TensorFlow uses 0.1). */
  initialAccumulator?: number;
  /** Default 1e-10, added to √sum. */
  eps?: number;
}

/**
 * Adagrad (Duchi et al., 2011): sum += g², w -= lr·g / (√sum + eps). Rare embedding rows
 * keep a small sum and so a large step, which is why it suits sparse features. A row with
 * zero gradient does not move, so lazy and non-lazy differ only through L2.
 */
export class Adagrad extends ElementwiseOptimizer {
  readonly eps: number;

  constructor(params: readonly Parameter[], opts: AdagradOptions) {
    super(params, opts, ["sum"], opts.initialAccumulator ?? 0);
    this.eps = opts.eps ?? 1e-10;
  }

  protected override update(
    weight: Float32Array,
    offset: number,
    length: number,
    grad: Float32Array,
    gradOffset: number,
    l2: number,
    state: Float32Array[],
  ): void {
    const sum = state[0] as Float32Array;
    const { lr, eps } = this;
    const end = offset + length;
    for (let i = offset, j = gradOffset; i < end; i++, j++) {
      const w = weight[i] as number;
      const g = (grad[j] as number) + l2 * w;
      const s = (sum[i] as number) + g * g;
      sum[i] = s;
      weight[i] = w - (lr * g) / (Math.sqrt(s) + eps);
    }
  }
}
