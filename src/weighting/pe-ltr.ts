import { MtrecError } from "../errors.js";
import type { Sym } from "../graph/graph.js";
import type { Parameter } from "../nn/parameter.js";
import { fedWeightedSum, weightFeeds } from "./fed-weights.js";
import { peLtrExact, peLtrPaper } from "./math/pe-ltr.js";
import type { StepReport, WeightingStrategy, WeightingTrace } from "./strategy.js";
import { taskGradient, traceTaskGradients } from "./task-gradients.js";

export interface PeLtrOptions {
  /** Lower bound c_t on each term's weight (default 0); they must sum below 1. */
  lowerBounds: Record<string, number>;
  /** Re-solve the weights every this many steps. */
  every: number;
  /** "exact" (default): the QP's minimiser; "paper": the paper's least squares then simplex projection. */
  solver: "exact" | "paper";
}

/**
 * PE-LTR (Lin et al., RecSys 2019): the weights ω on the simplex, above their lower bounds,
 * that minimise ‖Σ ω_t ∇L_t‖² over the shared parameters, a Pareto-stationary direction.
 * The paper solves the equality-constrained least squares and projects onto the simplex; with
 * three or more terms and bounds binding that projection is not the minimiser, so mtrec
 * solves the QP exactly by default and keeps the paper's procedure as `solver: "paper"`.
 */
export class PeLtrWeighting implements WeightingStrategy {
  readonly type = "pe-ltr";
  private names: string[] = [];
  private shared: Parameter[] = [];
  private current: Record<string, number> = {};
  private steps = 0;
  constructor(private readonly o: PeLtrOptions) {}

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    this.names = Object.keys(t.terms);
    this.shared = t.shared.map((s) => s.param);
    for (const n of Object.keys(this.o.lowerBounds)) {
      if (!this.names.includes(n))
        throw new MtrecError("BAD_CONFIG", `mtrec: lossWeighting.lowerBounds names "${n}", which is not a term (${this.names.join(", ")})`);
    }
    const bounds = this.names.map((n) => this.o.lowerBounds[n] ?? 0);
    if (bounds.reduce((a, b) => a + b, 0) >= 1) throw new MtrecError("BAD_CONFIG", "mtrec: lossWeighting.lowerBounds must sum below 1");
    this.current = Object.fromEntries(this.names.map((n) => [n, 1 / this.names.length]));
    return { loss: fedWeightedSum(t), outputs: traceTaskGradients(t) };
  }
  feeds(): Record<string, Float32Array> {
    return weightFeeds(this.current);
  }
  after(r: StepReport): void {
    if (this.shared.length === 0 || this.steps++ % this.o.every !== 0) return;
    const G = this.names.map((n) => taskGradient(r.outputs, n, this.shared));
    const c = this.names.map((n) => this.o.lowerBounds[n] ?? 0);
    const w = this.o.solver === "paper" ? peLtrPaper(G, c) : peLtrExact(G, c);
    this.current = Object.fromEntries(this.names.map((n, i) => [n, w[i] as number]));
  }
  weights(): Record<string, number> {
    return { ...this.current };
  }
}
