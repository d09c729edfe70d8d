import type { Sym } from "../graph/graph.js";
import { fedWeightedSum, weightFeeds } from "./fed-weights.js";
import type { StepReport, WeightingStrategy, WeightingTrace } from "./strategy.js";

/**
 * Divides each loss by a running estimate of its own magnitude (an exponential moving average
 * of its values), so tasks on different scales (a click BCE near 0.3, a watch-time MSE in the
 * thousands) start and stay on one scale.
 */
export class NormalizeWeighting implements WeightingStrategy {
  readonly type = "normalize";
  private readonly average: Record<string, number> = {};
  private names: string[] = [];
  constructor(private readonly momentum = 0.9) {}

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    this.names = Object.keys(t.terms);
    return { loss: fedWeightedSum(t), outputs: {} };
  }
  feeds(): Record<string, Float32Array> {
    return weightFeeds(this.weights());
  }
  after(r: StepReport): void {
    for (const name of this.names) {
      const l = Math.abs(r.losses[name] ?? 0);
      const a = this.average[name];
      this.average[name] = a === undefined ? l : this.momentum * a + (1 - this.momentum) * l;
    }
  }
  weights(): Record<string, number> {
    // before the first step every term weighs 1; a vanishing loss is not blown up past 1e6
    return Object.fromEntries(
      this.names.map((n) => [n, this.average[n] === undefined ? 1 : 1 / Math.max(this.average[n] as number, 1e-6)]),
    );
  }
}
