import { checkNotNaN, checkSameLength } from "../metrics/check.js";
import { checkBinary } from "./check.js";
import { checkMatchArguments, matchNearest, matchNearestInOrder } from "./matching.js";

export interface CrrOptions {
  /** Unclicked matches per clicked row; default 1. */
  k?: number;
  /** Largest |ΔpCTR| a match may have; default 0.2 standard deviations of pCTR over all rows. */
  caliper?: number;
}

export interface CrrResult {
  /** Mean pCVR of the matched clicked rows over that of their matched unclicked rows. */
  crr: number;
  /** Clicked rows. */
  treated: number;
  /** Clicked rows with at least one unclicked row inside the caliper. */
  matched: number;
  /** Clicked rows dropped for having none. */
  unmatched: number;
  /** The caliper used, the default one when none was given. */
  caliper: number;
}

/**
 * The causal risk ratio P(r = 1 | do(o = 1)) / P(r = 1 | do(o = 0)) of click o on
 * conversion r, as read from a CVR model's predictions: ESCM2 (Wang et al., SIGIR 2022)
 * names ESMM's failure to keep the click → conversion link "potential independence
 * priority". Each clicked exposure is matched to its k nearest unclicked exposures by
 * pCTR, with replacement, within the caliper; clicked rows with no match are dropped and
 * counted. The ratio is the mean pCVR over the matched clicked rows divided by the mean
 * pCVR over their controls, a control weighted 1/m for each of the m matches of a clicked
 * row that took it (1/k when every row finds k). NaN when nothing matched.
 *
 * Matching on pCTR balances the features only as far as pCTR is the true click
 * propensity (Rosenbaum and Rubin's balancing score): with a perfect CTR model the ratio
 * is 1 for any CVR model, so a ratio away from 1 says pCVR follows the part of the click
 * that the CTR tower missed. `pctrOrder`, every row in ascending pCTR as ascendingOrder(pctr)
 * gives it, spares the matcher its own sort when the caller has one.
 *
 * The default caliper is 0.2 standard deviations of pCTR: Austin (2011) found 0.2 standard
 * deviations of the logit propensity a good width; here it is taken on the pCTR scale the
 * caliper is measured in, so it follows the spread of the model's predictions rather than
 * a fixed 0.01 that is wide for a 2 % CTR and narrow for a 40 % one.
 */
export function crr(
  click: ArrayLike<number>,
  pctr: ArrayLike<number>,
  pcvr: ArrayLike<number>,
  opts: CrrOptions = {},
  pctrOrder?: Uint32Array,
): CrrResult {
  const n = checkSameLength("crr", { click, pctr, pcvr });
  checkBinary("crr", "click", click);
  checkNotNaN("crr", "pctr", pctr);
  checkNotNaN("crr", "pcvr", pcvr);
  const k = opts.k ?? 1;
  const caliper = opts.caliper ?? 0.2 * standardDeviation(pctr);
  checkMatchArguments("crr", k, caliper);

  let treated = 0;
  for (let i = 0; i < n; i++) treated += click[i] as number;
  const treatedRows = new Int32Array(treated);
  const controlRows = new Int32Array(n - treated);
  for (let i = 0, t = 0, c = 0; i < n; i++) {
    if (click[i] === 1) treatedRows[t++] = i;
    else controlRows[c++] = i;
  }
  const treatedScores = new Float64Array(treated);
  for (let t = 0; t < treated; t++) treatedScores[t] = pctr[treatedRows[t] as number] as number;
  const controlScores = new Float64Array(n - treated);
  for (let c = 0; c < controlScores.length; c++) controlScores[c] = pctr[controlRows[c] as number] as number;
  const { offsets, indices } = pctrOrder
    ? matchNearestInOrder(treatedScores, controlScores, subsetOrder(click, 0, pctrOrder), k, caliper, subsetOrder(click, 1, pctrOrder))
    : matchNearest(treatedScores, controlScores, k, caliper);

  let matched = 0;
  let treatedSum = 0;
  let controlSum = 0;
  for (let t = 0; t < treated; t++) {
    const from = offsets[t] as number;
    const to = offsets[t + 1] as number;
    if (to === from) continue;
    matched++;
    treatedSum += pcvr[treatedRows[t] as number] as number;
    let mean = 0;
    for (let j = from; j < to; j++) mean += pcvr[controlRows[indices[j] as number] as number] as number;
    controlSum += mean / (to - from);
  }
  // Both means are over the same `matched` rows, so the counts cancel.
  return { crr: matched > 0 ? treatedSum / controlSum : Number.NaN, treated, matched, unmatched: treated - matched, caliper };
}

/**
 * The rows of `pctrOrder` (every row, ascending pCTR, ties by row) whose click is `side`,
 * renumbered as indices among those rows: rows and indices rise together, so ties stay in
 * index order, as the matcher's own sort would leave them.
 */
function subsetOrder(click: ArrayLike<number>, side: number, pctrOrder: Uint32Array): Uint32Array {
  const index = new Int32Array(click.length);
  let count = 0;
  for (let i = 0; i < click.length; i++) index[i] = click[i] === side ? count++ : -1;
  const order = new Uint32Array(count);
  let at = 0;
  for (let i = 0; i < pctrOrder.length; i++) {
    const member = index[pctrOrder[i] as number] as number;
    if (member >= 0) order[at++] = member;
  }
  return order;
}

function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  return n > 0 ? Math.sqrt(squares / n) : 0;
}
