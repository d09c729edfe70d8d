import type { Parameter } from "../nn/parameter.js";
import { ElementwiseOptimizer } from "./elementwise.js";
import type { OptimizerOptions } from "./optimizer.js";

export interface AdamOptions extends OptimizerOptions {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8, added to the bias-corrected √v as PyTorch does. */
  eps?: number;
}

export interface AdamWOptions extends AdamOptions {
  /** Decoupled decay: w -= lr·weightDecay·w, outside the moments. Default 0.01, as PyTorch. */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba, 2015) with bias correction. On a lazy sparse table only the batch's
 * rows move, but their bias correction uses the global step count, as TensorFlow's
 * LazyAdam does: a row seen for the first time at step t gets (1-β1)g/(1-β1^t), a smaller
 * step than its first-ever update would get under a per-row count.
 */
export class Adam extends ElementwiseOptimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Decoupled weight decay; 0 except in AdamW. */
  protected weightDecay = 0;
  /** Per-step constants, set in `step()` for `update` to read. */
  private decay = 1;
  private stepSize = 0;
  private sqrtBiasCorrection2 = 1;

  constructor(params: readonly Parameter[], opts: AdamOptions) {
    super(params, opts, ["m", "v"]);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
  }

  override step(): void {
    const t = this.stepCount + 1;
    this.stepSize = this.lr / (1 - this.beta1 ** t);
    this.sqrtBiasCorrection2 = Math.sqrt(1 - this.beta2 ** t);
    this.decay = 1 - this.lr * this.weightDecay;
    super.step();
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
    const m = state[0] as Float32Array;
    const v = state[1] as Float32Array;
    const { beta1, beta2, eps, decay, stepSize } = this;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    // one division per element, not two: the bias correction is folded into a multiplier
    const unbias = 1 / this.sqrtBiasCorrection2;
    const end = offset + length;
    if (l2 === 0 && decay === 1) {
      for (let i = offset, j = gradOffset; i < end; i++, j++) {
        const g = grad[j] as number;
        const mi = beta1 * (m[i] as number) + c1 * g;
        const vi = beta2 * (v[i] as number) + c2 * g * g;
        m[i] = mi;
        v[i] = vi;
        weight[i] = (weight[i] as number) - (stepSize * mi) / (Math.sqrt(vi) * unbias + eps);
      }
      return;
    }
    for (let i = offset, j = gradOffset; i < end; i++, j++) {
      const w = weight[i] as number;
      const g = (grad[j] as number) + l2 * w;
      const mi = beta1 * (m[i] as number) + c1 * g;
      const vi = beta2 * (v[i] as number) + c2 * g * g;
      m[i] = mi;
      v[i] = vi;
      weight[i] = w * decay - (stepSize * mi) / (Math.sqrt(vi) * unbias + eps);
    }
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019): weight decay applied to the weight directly rather
 * than added to the gradient, so Adam's per-coordinate scaling does not weaken it on
 * coordinates with large gradients. On a lazy sparse table only the batch's rows decay.
 */
export class AdamW extends Adam {
  constructor(params: readonly Parameter[], opts: AdamWOptions) {
    super(params, opts);
    this.weightDecay = opts.weightDecay ?? 0.01;
  }
}
