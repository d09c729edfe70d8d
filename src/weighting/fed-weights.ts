import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { mul } from "../graph/ops/mul.js";
import type { WeightingTrace } from "./strategy.js";

/** The graph input that carries a term's weight when a strategy sets it from outside. */
export const weightInput = (term: string): string => `weight:${term}`;

/** Σ w_t·L_t with every w_t a scalar input the strategy feeds before each step. */
export function fedWeightedSum(t: WeightingTrace): Sym {
  let loss: Sym | undefined;
  for (const [name, term] of Object.entries(t.terms)) {
    const w = t.graph.input(weightInput(name), []);
    const weighted = mul(term.loss, term.weight === 1 ? w : mul(w, term.weight));
    loss = loss ? add(loss, weighted) : weighted;
  }
  return loss as Sym;
}

/** Feeds from a weight table. */
export function weightFeeds(weights: Record<string, number>): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [weightInput(k), Float32Array.of(w)]));
}
