import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { exp } from "../graph/ops/exp.js";
import { mul } from "../graph/ops/mul.js";
import { neg } from "../graph/ops/neg.js";
import { reshape } from "../graph/ops/reshape.js";
import { softplus } from "../graph/ops/softplus.js";
import { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import { Rng } from "../nn/rng.js";
import type { WeightingStrategy, WeightingTrace } from "./strategy.js";

/** One learned log-variance s_t = log σ_t² per term. */
class LogVariances extends Module {
  readonly s: Record<string, Parameter> = {};
  constructor(names: string[]) {
    super();
    const rng = new Rng(0); // zeros: the seed draws nothing
    for (const n of names) this.s[n] = this.param(`weighting.log_variance.${n}`, [1], "zeros", rng);
  }
}

/**
 * Uncertainty weighting (Kendall, Gal & Cipolla, CVPR 2018): each term is scaled by a learned
 * precision, c_t·e^(−s_t)·L_t, with c_t = ½ for regression and 1 for classification (from the
 * Gaussian and the tempered softmax likelihoods). The paper's regulariser ½·s_t can go to −∞
 * and make the total negative; mtrec uses ½·log(1 + e^(s_t)) instead (as Liebel & Körner,
 * 2018), which keeps every term, and the total, at or above zero.
 */
export class UncertaintyWeighting implements WeightingStrategy {
  readonly type = "uncertainty";
  module: LogVariances | undefined;
  private factors: Record<string, number> = {};

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    const names = Object.keys(t.terms);
    this.module ??= new LogVariances(names);
    let loss: Sym | undefined;
    for (const name of names) {
      const term = t.terms[name] as { loss: Sym; weight: number };
      const c = (t.regression[name] ? 0.5 : 1) * term.weight;
      this.factors[name] = c;
      const p = this.module.s[name] as Parameter;
      const s = reshape(t.graph.bind(p.name, p.shape), []); // scalar
      const scaled = add(mul(mul(term.loss, exp(neg(s))), c), mul(softplus(s), 0.5));
      loss = loss ? add(loss, scaled) : scaled;
    }
    return { loss: loss as Sym, outputs: {} };
  }
  feeds(): Record<string, Float32Array> {
    return {};
  }
  after(): void {}
  weights(): Record<string, number> {
    const s = this.module?.s ?? {};
    return Object.fromEntries(Object.entries(this.factors).map(([n, c]) => [n, c * Math.exp(-((s[n]?.data[0] as number) ?? 0))]));
  }
}
