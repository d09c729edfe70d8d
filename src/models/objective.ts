import type { Sym } from "../graph/graph.js";
import { add } from "../graph/ops/add.js";
import { mul } from "../graph/ops/mul.js";
import type { Objective } from "./types.js";

/** One summand of an objective: a scalar loss and the static weight it carries. */
export interface Term {
  loss: Sym;
  weight: number;
}

export const term = (loss: Sym, weight = 1): Term => ({ loss, weight });

/**
 * An objective from its summands: the loss is Σ weight·loss, and the terms stay visible so a
 * loss-weighting strategy can combine them its own way. `extras` are logged, not summed.
 */
export function objectiveOf(terms: Record<string, Term>, extras: Record<string, Sym> = {}): Objective {
  let loss: Sym | undefined;
  for (const t of Object.values(terms)) {
    const weighted = t.weight === 1 ? t.loss : mul(t.loss, t.weight);
    loss = loss ? add(loss, weighted) : weighted;
  }
  const parts = { ...Object.fromEntries(Object.entries(terms).map(([k, t]) => [k, t.loss])), ...extras };
  return { loss: loss as Sym, parts, terms };
}
