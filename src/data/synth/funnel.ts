import { writeFileAtomic } from "../../nn/atomic-write.js";
import { Rng } from "../../nn/rng.js";
import { calibrateIntercept, sigmoid } from "./calibrate.js";
import { FUNNEL_COLUMNS, funnelCsv } from "./funnel-csv.js";
import { checkedOptions, SELECTION_BIAS_LEVELS, type SynthFunnelOptions } from "./funnel-options.js";
import { affinity, drawIndex, drawPopulation } from "./funnel-population.js";

/** One entry per exposure; ids are indices (written as "u12" and "i34"). */
export interface FunnelData {
  rows: number;
  userId: Int32Array;
  userSegment: Int32Array;
  itemId: Int32Array;
  itemCategory: Int32Array;
  priceBucket: Int32Array;
  click: Uint8Array;
  action: Uint8Array;
  purchase: Uint8Array;
  /** Seconds to 0.1, 0 on unclicked rows. */
  watchTime: Float64Array;
  share: Uint8Array;
  truthCtr: Float64Array;
  truthCvr: Float64Array;
  /** truthCtr · truthCvr. */
  truthCtcvr: Float64Array;
  /** The potential conversion had the exposure been clicked, drawn for every row. */
  truthR: Uint8Array;
}

/** log-odds of buying after a D-action over buying without one (ESM2's point: D-actions predict buying). */
const ACTION_LIFT = 2;
/** Mean P(a | x) over the exposures. */
const ACTION_RATE = 0.3;
const WATCH_SECONDS = 30;

/**
 * A click → D-action → purchase funnel that knows the true CVR of every exposure, so a CVR
 * model's bias can be measured over the whole exposure space D and not only the clicked rows O
 * (ESMM, Ma et al., SIGIR 2018; ESM2, Wen et al., SIGIR 2020). Per exposure x (a Zipf-like
 * draw of user and item):
 *
 *   P(click | x)   = σ(δ_c + C(x) + clickTaste_u·clickAppeal_i + b·S(x) + g·e)
 *   P(a | x)       = σ(δ_a + ½·B(x) + b·S(x))                  a, the potential D-action
 *   P(buy | a, x)  = σ(δ_b ± L/2 + B(x) + b·S(x) + g·e)        +L/2 after a D-action, L = 2
 *   truth_cvr = P(buy | do(click), x) = P(a)·P(buy | a) + (1 − P(a))·P(buy | ¬a)
 *
 * with C(x) a click-only effect of the item's category, S(x) = segment_u + price_i the observed
 * factors click and conversion share, B(x) = buyTaste_u·buyAppeal_i, e ~ N(0, 1) per exposure
 * and never written, b = selectionBias and g = hiddenConfounding. a and r (truth_r) are drawn
 * for every exposure; the observed labels are click, action = click·a and purchase = click·r.
 * For clicked rows ln(watch seconds) = ln 30 + W(category) + 0.4·clickTaste·clickAppeal +
 * 0.5·N(0, 1), and P(share) = σ(−3 + 1.2·(ln watch − ln 30)): longer watching shares more
 * (ctr → watch_time → share).
 *
 * The intercepts δ are solved on the generated exposures (a bracketed root search, see
 * calibrate.ts) so that the means of truth_ctr, truth_cvr and P(a | x) are `ctr`, `cvr` and
 * 0.3 to 1e-12; the realised click rate then differs from `ctr` by sampling noise only.
 */
export function synthFunnel(opts: SynthFunnelOptions): FunnelData {
  const { rows, users, items, selectionBias, hiddenConfounding, ctr, cvr } = checkedOptions(opts);
  const root = new Rng(opts.seed);
  const population = drawPopulation(root.fork(), users, items);
  const exposures = root.fork();
  const outcomes = root.fork();
  const data = emptyData(rows);
  // first pass: who sees what, and every logit but its intercept (the intercepts need all rows)
  const clickRest = new Float64Array(rows);
  const actionRest = new Float64Array(rows);
  const buyRest = new Float64Array(rows);
  const watchRest = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const u = drawIndex(exposures, population.userPopularity);
    const i = drawIndex(exposures, population.itemPopularity);
    const segment = population.userSegment[u] as number;
    const category = population.itemCategory[i] as number;
    const price = population.priceBucket[i] as number;
    data.userId[r] = u;
    data.userSegment[r] = segment;
    data.itemId[r] = i;
    data.itemCategory[r] = category;
    data.priceBucket[r] = price;
    const shared = selectionBias * ((population.segmentShared[segment] as number) + (population.priceShared[price] as number));
    const hidden = hiddenConfounding * exposures.normal();
    const clickAffinity = affinity(population.clickTaste, u, population.clickAppeal, i);
    const buyAffinity = affinity(population.buyTaste, u, population.buyAppeal, i);
    clickRest[r] = (population.categoryClick[category] as number) + clickAffinity + shared + hidden;
    actionRest[r] = 0.5 * buyAffinity + shared;
    buyRest[r] = buyAffinity + shared + hidden;
    watchRest[r] = Math.log(WATCH_SECONDS) + (population.categoryWatch[category] as number) + 0.4 * clickAffinity;
  }

  const actionIntercept = calibrateIntercept(ACTION_RATE, (d) => meanOf(actionRest, (z) => sigmoid(d + z)));
  const actionProb = actionRest.map((z) => sigmoid(actionIntercept + z));
  const buyProb = (d: number, r: number): number => {
    const pa = actionProb[r] as number;
    const z = buyRest[r] as number;
    return pa * sigmoid(d + ACTION_LIFT / 2 + z) + (1 - pa) * sigmoid(d - ACTION_LIFT / 2 + z);
  };
  const buyIntercept = calibrateIntercept(cvr, (d) => meanOf(buyRest, (_, r) => buyProb(d, r)));
  const clickIntercept = calibrateIntercept(ctr, (d) => meanOf(clickRest, (z) => sigmoid(d + z)));

  // second pass: the same five draws on every row, so a row's potential outcomes do not depend on its click
  for (let r = 0; r < rows; r++) {
    const pClick = sigmoid(clickIntercept + (clickRest[r] as number));
    const pCvr = buyProb(buyIntercept, r);
    const clicked = outcomes.uniform() < pClick ? 1 : 0;
    const acted = outcomes.uniform() < (actionProb[r] as number);
    const lift = acted ? ACTION_LIFT / 2 : -ACTION_LIFT / 2;
    const converts = outcomes.uniform() < sigmoid(buyIntercept + lift + (buyRest[r] as number)) ? 1 : 0;
    const lnWatch = (watchRest[r] as number) + 0.5 * outcomes.normal();
    const shares = outcomes.uniform() < sigmoid(-3 + 1.2 * (lnWatch - Math.log(WATCH_SECONDS)));
    data.click[r] = clicked;
    data.action[r] = clicked && acted ? 1 : 0;
    data.purchase[r] = clicked * converts;
    data.watchTime[r] = clicked ? Math.round(10 * Math.exp(lnWatch)) / 10 : 0;
    data.share[r] = clicked && shares ? 1 : 0;
    data.truthCtr[r] = pClick;
    data.truthCvr[r] = pCvr;
    data.truthCtcvr[r] = pClick * pCvr;
    data.truthR[r] = converts;
  }
  return data;
}

export { FUNNEL_COLUMNS, SELECTION_BIAS_LEVELS, type SynthFunnelOptions };

/** Writes {@link FUNNEL_COLUMNS}, replacing `path` atomically, and returns the realised rates. */
export async function writeSynthFunnelCsv(path: string, opts: SynthFunnelOptions): Promise<FunnelRates> {
  const data = synthFunnel(opts);
  await writeFileAtomic(path, funnelCsv(data));
  return funnelRates(data);
}

/** The rates `mtrec synth funnel` prints; the gap between the two CVRs is what training on clicks alone sees wrong. */
export interface FunnelRates {
  ctr: number;
  /** purchases / clicks: what a model trained on clicked rows sees. */
  cvrOnClicks: number;
  /** mean truth_cvr over all exposures. */
  cvrOnExposures: number;
  purchaseRate: number;
}

export function funnelRates(data: FunnelData): FunnelRates {
  const clicks = sum(data.click);
  const purchases = sum(data.purchase);
  return {
    ctr: clicks / data.rows,
    cvrOnClicks: clicks === 0 ? Number.NaN : purchases / clicks,
    cvrOnExposures: sum(data.truthCvr) / data.rows,
    purchaseRate: purchases / data.rows,
  };
}

function emptyData(rows: number): FunnelData {
  const ints = () => new Int32Array(rows);
  const flags = () => new Uint8Array(rows);
  const reals = () => new Float64Array(rows);
  return {
    rows,
    userId: ints(),
    userSegment: ints(),
    itemId: ints(),
    itemCategory: ints(),
    priceBucket: ints(),
    click: flags(),
    action: flags(),
    purchase: flags(),
    watchTime: reals(),
    share: flags(),
    truthCtr: reals(),
    truthCvr: reals(),
    truthCtcvr: reals(),
    truthR: flags(),
  };
}

function meanOf(values: Float64Array, f: (value: number, row: number) => number): number {
  let s = 0;
  for (let r = 0; r < values.length; r++) s += f(values[r] as number, r);
  return s / values.length;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let r = 0; r < values.length; r++) s += values[r] as number;
  return s;
}
