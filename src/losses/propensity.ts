import type { Sym } from "../graph/graph.js";
import { clamp } from "../graph/ops/clamp.js";
import { detach } from "../graph/ops/detach.js";
import { div } from "../graph/ops/div.js";

export interface PropensityClip {
  /** Propensities below this are raised to it before inverting. */
  min: number;
  /** No weight above this. */
  maxWeight: number;
  /**
   * Pass the propensity through stop-gradient (the default): the weights then cannot pull
   * the CTR tower that produced them toward making the CVR loss small.
   */
  stopGradient: boolean;
}

/** Inverse-propensity weights 1/p̂, clipped to [1, maxWeight] through p̂ ≥ min. */
export function ipsWeights(propensity: Sym, clip: PropensityClip): Sym {
  const p = clip.stopGradient ? detach(propensity) : propensity;
  return clamp(div(1, clamp(p, clip.min, 1)), 1, clip.maxWeight);
}
