import type { Sym } from "../graph.js";
import { add } from "./add.js";
import { div } from "./div.js";
import { mean } from "./mean.js";
import { mul } from "./mul.js";
import { sqrt } from "./sqrt.js";
import { sub } from "./sub.js";

export interface BatchNormResult {
  y: Sym;
  /** Batch statistics over axis 0 (training mode only), for the running averages. */
  batchMean?: Sym;
  batchVar?: Sym;
}

/**
 * Batch normalisation over axis 0 of [B, H]. Training mode normalises with the batch's
 * mean and biased variance and returns them; eval mode uses the running statistics.
 */
export function batchNorm(x: Sym, gamma: Sym, beta: Sym, running: { mean: Sym; var: Sym }, training: boolean, eps = 1e-5): BatchNormResult {
  if (!training) {
    return { y: add(mul(div(sub(x, running.mean), sqrt(add(running.var, eps))), gamma), beta) };
  }
  const batchMean = mean(x, 0, true);
  const centred = sub(x, batchMean);
  const batchVar = mean(mul(centred, centred), 0, true);
  const y = add(mul(div(centred, sqrt(add(batchVar, eps))), gamma), beta);
  return { y, batchMean, batchVar };
}
