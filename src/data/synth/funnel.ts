import { writeFileAtomic } from "../../nn/atomic-write.js";
import { sigmoid } from "./calibrate.js";
import { FUNNEL_COLUMNS, funnelCsv } from "./funnel-csv.js";
import { SELECTION_BIAS_LEVELS, type SynthFunnelOptions } from "./funnel-options.js";
import { buildFunnelWorld, partsAt, WATCH_SECONDS } from "./funnel-world.js";

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

/**
 * A click → D-action → purchase funnel that knows the true CVR of every exposure, so a CVR
 * model's bias can be measured over the whole exposure space D and not only the clicked rows O
 * (ESMM, Ma et al., SIGIR 2018; ESM2, Wen et al., SIGIR 2020). Per exposure x (a Zipf-like
 * draw of user and item):
 *
 *   P(click | x)   = σ(δ_c + C(x) + clickTaste_u·clickAppeal_i + b·S(x) + g·e)
 *   P(a | x)       = σ(δ_a + ½·B(x) + b·S(x))                  a, the potential D-action
 *   P(buy | a, x)  = σ(δ_b ± L/2 + B(x) + b·S(x) + g·e)        +L/2 after a D-action, L = actionLift (2)
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
  const { world, sample, outcomes } = buildFunnelWorld(opts);
  const { population } = world;
  const data = emptyData(sample.rows);
  // the same five draws on every row, so a row's potential outcomes do not depend on its click
  for (let r = 0; r < sample.rows; r++) {
    const u = sample.userId[r] as number;
    const i = sample.itemId[r] as number;
    const parts = partsAt(sample, r);
    const truth = world.truthOf(parts);
    const clicked = outcomes.uniform() < truth.ctr ? 1 : 0;
    const acted = outcomes.uniform() < truth.action;
    const lift = acted ? world.actionLift / 2 : -world.actionLift / 2;
    const converts = outcomes.uniform() < sigmoid(world.intercepts.buy + lift + parts.buy) ? 1 : 0;
    const lnWatch = parts.watch + 0.5 * outcomes.normal();
    const shares = outcomes.uniform() < sigmoid(-3 + 1.2 * (lnWatch - Math.log(WATCH_SECONDS)));
    data.userId[r] = u;
    data.userSegment[r] = population.userSegment[u] as number;
    data.itemId[r] = i;
    data.itemCategory[r] = population.itemCategory[i] as number;
    data.priceBucket[r] = population.priceBucket[i] as number;
    data.click[r] = clicked;
    data.action[r] = clicked && acted ? 1 : 0;
    data.purchase[r] = clicked * converts;
    data.watchTime[r] = clicked ? Math.round(10 * Math.exp(lnWatch)) / 10 : 0;
    data.share[r] = clicked && shares ? 1 : 0;
    data.truthCtr[r] = truth.ctr;
    data.truthCvr[r] = truth.cvr;
    data.truthCtcvr[r] = truth.ctr * truth.cvr;
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

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let r = 0; r < values.length; r++) s += values[r] as number;
  return s;
}
