import { MtrecError } from "../errors.js";
import { grad } from "../graph/grad.js";
import type { Sym } from "../graph/graph.js";
import { square } from "../graph/ops/scalar.js";
import { sqrt } from "../graph/ops/sqrt.js";
import { sum } from "../graph/ops/sum.js";
import { fedWeightedSum, weightFeeds } from "./fed-weights.js";
import { gradNormStep } from "./math/gradnorm.js";
import type { StepReport, WeightingStrategy, WeightingTrace } from "./strategy.js";

const normOutput = (term: string): string => `gradnorm:${term}`;

/**
 * GradNorm (Chen et al., ICML 2018): learned weights that pull each term's gradient norm on
 * the last shared layer toward the mean norm times its relative inverse training rate
 * (L_t/L_t(0) over its mean) to the power α; renormalised to sum to the number of terms.
 */
export class GradNormWeighting implements WeightingStrategy {
  readonly type = "gradnorm";
  private names: string[] = [];
  private state = { weights: new Float64Array(0) };
  private initial: number[] | undefined;
  constructor(
    private readonly alpha: number,
    private readonly lr: number,
  ) {}

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    this.names = Object.keys(t.terms);
    this.state.weights = new Float64Array(this.names.length).fill(1);
    // the last shared weight matrix in forward order: the layer the towers read
    const layer = [...t.shared].reverse().find((s) => s.param.shape.length >= 2);
    if (!layer) throw new MtrecError("BAD_CONFIG", "mtrec: gradnorm needs a shared layer: this model's tasks share no weight matrix");
    const outputs: Record<string, Sym> = {};
    for (const [name, term] of Object.entries(t.terms)) {
      const [g] = grad(term.loss, [layer.sym]);
      outputs[normOutput(name)] = sqrt(sum(square(g as Sym)));
    }
    return { loss: fedWeightedSum(t), outputs };
  }
  feeds(): Record<string, Float32Array> {
    return weightFeeds(this.weights());
  }
  after(r: StepReport): void {
    const losses = this.names.map((n) => r.losses[n] ?? 0);
    this.initial ??= losses;
    const gradNorms = this.names.map((n) => {
      const t = r.outputs[normOutput(n)];
      if (!t) throw new MtrecError("INTERNAL", `mtrec: the step has no output ${normOutput(n)}`);
      return (t.data as Float32Array)[0] as number;
    });
    gradNormStep(this.state, { gradNorms, losses, initialLosses: this.initial, alpha: this.alpha, lr: this.lr });
  }
  weights(): Record<string, number> {
    return Object.fromEntries(this.names.map((n, i) => [n, this.state.weights[i] as number]));
  }
}
