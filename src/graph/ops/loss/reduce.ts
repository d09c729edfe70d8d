import { MtrecError } from "../../../errors.js";
import type { Sym } from "../../graph.js";
import { sameShape } from "../../shape.js";
import { cast } from "../cast.js";
import { detach } from "../detach.js";
import { div } from "../div.js";
import { mean } from "../mean.js";
import { mul } from "../mul.js";
import { countOf } from "../shape-of.js";
import { sum } from "../sum.js";

export interface LossOptions {
  /** Per-row weights (e.g. inverse propensities), same shape as the loss terms. */
  weight?: Sym;
  /** Per-row 0/1 (float) or bool mask: the rows the loss is defined on, e.g. clicked rows. */
  mask?: Sym;
}

function checkShape(name: string, v: Sym, like: Sym): void {
  if (!sameShape(v.shape, like.shape))
    throw new MtrecError("GRAPH", `mtrec: loss ${name} ${v} must have the shape of the loss terms ${like}`);
}

/**
 * Averages per-row loss terms: over all rows, or over the masked rows only
 * (Σ m·w·l / max(Σ m, 1)), so a batch without any masked row gives 0, not NaN.
 */
export function reduceLoss(terms: Sym, opts: LossOptions = {}): Sym {
  if (opts.weight) checkShape("weight", opts.weight, terms);
  const weighted = opts.weight ? mul(terms, opts.weight) : terms;
  if (!opts.mask)
    return opts.weight
      ? div(
          sum(weighted),
          countOf(
            terms,
            terms.shape.map((_, i) => i),
          ),
        )
      : mean(terms);
  checkShape("mask", opts.mask, terms);
  const m = cast(opts.mask, "float");
  const g = terms.graph;
  const count = g.node("Max", [detach(sum(m)), g.scalar(1)], { shape: [] });
  return div(sum(mul(weighted, m)), count);
}
