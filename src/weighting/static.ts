import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { mul } from "../graph/ops/mul.js";
import type { WeightingStrategy, WeightingTrace } from "./strategy.js";

/** Fixed weights: each term's own weight times the config's weight for it (default 1). */
export class StaticWeighting implements WeightingStrategy {
  readonly type = "static";
  private current: Record<string, number> = {};
  constructor(private readonly overrides: Record<string, number> = {}) {}

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    let loss: Sym | undefined;
    for (const [name, term] of Object.entries(t.terms)) {
      const w = term.weight * (this.overrides[name] ?? 1);
      this.current[name] = w;
      const weighted = w === 1 ? term.loss : mul(term.loss, w);
      loss = loss ? add(loss, weighted) : weighted;
    }
    return { loss: loss as Sym, outputs: {} };
  }
  feeds(): Record<string, Float32Array> {
    return {};
  }
  after(): void {}
  weights(): Record<string, number> {
    return { ...this.current };
  }
}
