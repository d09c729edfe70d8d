import type { Sym } from "../graph/graph.js";
import type { Parameter } from "../nn/parameter.js";
import { Rng } from "../nn/rng.js";
import { pcgrad } from "./math/pcgrad.js";
import { StaticWeighting } from "./static.js";
import type { StepReport, WeightingStrategy, WeightingTrace } from "./strategy.js";
import { setSharedGradient, taskGradient, traceTaskGradients } from "./task-gradients.js";

/**
 * PCGrad (Yu et al., NeurIPS 2020): the shared parameters' update is the sum of each term's
 * gradient with its conflicting components removed (projected off every other term's
 * gradient it points against, in a seeded random order). Task-specific parameters keep
 * their own gradient. The terms carry their static weights.
 */
export class PCGradWeighting implements WeightingStrategy {
  readonly type = "pcgrad";
  private readonly base = new StaticWeighting();
  private readonly rng: Rng;
  private shared: Parameter[] = [];
  private names: string[] = [];
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    this.shared = t.shared.map((s) => s.param);
    this.names = Object.keys(t.terms);
    const { loss } = this.base.trace(t);
    return { loss, outputs: traceTaskGradients(t) };
  }
  feeds(): Record<string, Float32Array> {
    return {};
  }
  after(r: StepReport): void {
    if (this.shared.length === 0) return;
    const w = this.base.weights();
    const grads = this.names.map((n) => {
      const g = taskGradient(r.outputs, n, this.shared);
      const k = w[n] ?? 1;
      if (k !== 1) for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) * k;
      return g;
    });
    setSharedGradient(this.shared, pcgrad(grads, this.rng));
  }
  weights(): Record<string, number> {
    return this.base.weights();
  }
}
