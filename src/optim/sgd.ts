import { MtrecError } from "../errors.js";
import type { Parameter } from "../nn/parameter.js";
import { ElementwiseOptimizer } from "./elementwise.js";
import type { OptimizerOptions } from "./optimizer.js";

export interface SGDOptions extends OptimizerOptions {
  /** Default 0: plain gradient descent, no state kept. */
  momentum?: number;
  /** Step along g + momentum·buf instead of buf (Sutskever et al., 2013). Default false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with heavy-ball momentum, as PyTorch writes it:
 * buf = momentum·buf + g, w -= lr·buf. The buffer starts at zero, so the first step is
 * w -= lr·g, as in PyTorch without dampening.
 */
export class SGD extends ElementwiseOptimizer {
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(params: readonly Parameter[], opts: SGDOptions) {
    const momentum = opts.momentum ?? 0;
    super(params, opts, momentum > 0 ? ["momentum"] : []);
    this.momentum = momentum;
    this.nesterov = opts.nesterov ?? false;
    if (this.nesterov && momentum <= 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: SGD with nesterov: true needs a momentum above 0.");
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
    const lr = this.lr;
    const end = offset + length;
    if (this.momentum === 0) {
      for (let i = offset, j = gradOffset; i < end; i++, j++) {
        const w = weight[i] as number;
        weight[i] = w - lr * ((grad[j] as number) + l2 * w);
      }
      return;
    }
    const buffer = state[0] as Float32Array;
    const mu = this.momentum;
    const nesterov = this.nesterov;
    for (let i = offset, j = gradOffset; i < end; i++, j++) {
      const w = weight[i] as number;
      const g = (grad[j] as number) + l2 * w;
      const b = mu * (buffer[i] as number) + g;
      buffer[i] = b;
      weight[i] = w - lr * (nesterov ? g + mu * b : b);
    }
  }
}
