import { Rng } from "../../nn/rng.js";
import { calibrateIntercept, sigmoid } from "./calibrate.js";
import { checkedOptions, type SynthFunnelOptions } from "./funnel-options.js";
import { affinity, drawIndex, drawPopulation, type FunnelPopulation } from "./funnel-population.js";

/** Default log-odds of buying after a D-action over buying without one (ESM2's point: D-actions predict buying). */
export const ACTION_LIFT = 2;
/** Mean P(a | x) over the exposures. */
const ACTION_RATE = 0.3;
export const WATCH_SECONDS = 30;

/** An exposure's logits before their intercepts (ln watch seconds for `watch`); see synthFunnel. */
export interface ExposureParts {
  click: number;
  action: number;
  buy: number;
  watch: number;
}

/** The true probabilities of one exposure. */
export interface ExposureTruth {
  ctr: number;
  /** P(buy | do(click)): the CVR had the exposure been clicked. */
  cvr: number;
  /** P(a), the potential D-action. */
  action: number;
}

/**
 * The users, items and calibrated intercepts behind `synthFunnel`: what a simulated live system
 * needs to score exposures the training file never held, with the same truth as the file.
 */
export class FunnelWorld {
  constructor(
    readonly population: FunnelPopulation,
    readonly selectionBias: number,
    readonly hiddenConfounding: number,
    readonly intercepts: { click: number; action: number; buy: number },
    readonly actionLift = ACTION_LIFT,
  ) {}

  /** `noise` is the exposure's N(0, 1) draw e; the hidden confounder is hiddenConfounding · e. */
  parts(user: number, item: number, noise: number): ExposureParts {
    const p = this.population;
    const segment = p.userSegment[user] as number;
    const category = p.itemCategory[item] as number;
    const price = p.priceBucket[item] as number;
    const shared = this.selectionBias * ((p.segmentShared[segment] as number) + (p.priceShared[price] as number));
    const hidden = this.hiddenConfounding * noise;
    const clickAffinity = affinity(p.clickTaste, user, p.clickAppeal, item);
    const buyAffinity = affinity(p.buyTaste, user, p.buyAppeal, item);
    return {
      click: (p.categoryClick[category] as number) + clickAffinity + shared + hidden,
      action: 0.5 * buyAffinity + shared,
      buy: buyAffinity + shared + hidden,
      watch: Math.log(WATCH_SECONDS) + (p.categoryWatch[category] as number) + 0.4 * clickAffinity,
    };
  }

  truthOf(parts: ExposureParts): ExposureTruth {
    const action = sigmoid(this.intercepts.action + parts.action);
    const d = this.intercepts.buy;
    return {
      ctr: sigmoid(this.intercepts.click + parts.click),
      cvr: action * sigmoid(d + this.actionLift / 2 + parts.buy) + (1 - action) * sigmoid(d - this.actionLift / 2 + parts.buy),
      action,
    };
  }

  truth(user: number, item: number, noise: number): ExposureTruth {
    return this.truthOf(this.parts(user, item, noise));
  }
}

/** The exposures a world is calibrated on: who saw what, and each exposure's logit parts, by column. */
export interface FunnelSample {
  rows: number;
  userId: Int32Array;
  itemId: Int32Array;
  parts: { click: Float64Array; action: Float64Array; buy: Float64Array; watch: Float64Array };
}

/** Row `r` of a sample's parts. */
export function partsAt(sample: FunnelSample, r: number): ExposureParts {
  const { click, action, buy, watch } = sample.parts;
  return { click: click[r] as number, action: action[r] as number, buy: buy[r] as number, watch: watch[r] as number };
}

/**
 * Draws the population and `rows` exposures from `opts.seed`, and solves the intercepts so that
 * the means of truth_ctr, truth_cvr and P(a) over those exposures are ctr, cvr and 0.3. The same
 * options give the same world as the `mtrec synth funnel` run they describe; `outcomes` is the
 * random stream synthFunnel draws the labels from.
 */
export function buildFunnelWorld(opts: SynthFunnelOptions): { world: FunnelWorld; sample: FunnelSample; outcomes: Rng } {
  const { rows, users, items, selectionBias, hiddenConfounding, ctr, cvr, actionLift } = checkedOptions(opts);
  const root = new Rng(opts.seed);
  const population = drawPopulation(root.fork(), users, items);
  const exposures = root.fork();
  const outcomes = root.fork();
  const column = () => new Float64Array(rows);
  const sample: FunnelSample = {
    rows,
    userId: new Int32Array(rows),
    itemId: new Int32Array(rows),
    parts: { click: column(), action: column(), buy: column(), watch: column() },
  };
  const draft = new FunnelWorld(population, selectionBias, hiddenConfounding, { click: 0, action: 0, buy: 0 });
  for (let r = 0; r < rows; r++) {
    const u = drawIndex(exposures, population.userPopularity);
    const i = drawIndex(exposures, population.itemPopularity);
    sample.userId[r] = u;
    sample.itemId[r] = i;
    const x = draft.parts(u, i, exposures.normal());
    sample.parts.click[r] = x.click;
    sample.parts.action[r] = x.action;
    sample.parts.buy[r] = x.buy;
    sample.parts.watch[r] = x.watch;
  }
  const { action: actionParts, buy: buyParts, click: clickParts } = sample.parts;
  const action = calibrateIntercept(ACTION_RATE, (d) => meanOf(actionParts, (z) => sigmoid(d + z)));
  const actionProb = actionParts.map((z) => sigmoid(action + z));
  const buyProb = (d: number, z: number, r: number): number => {
    const pa = actionProb[r] as number;
    return pa * sigmoid(d + actionLift / 2 + z) + (1 - pa) * sigmoid(d - actionLift / 2 + z);
  };
  const buy = calibrateIntercept(cvr, (d) => meanOf(buyParts, (z, r) => buyProb(d, z, r)));
  const click = calibrateIntercept(ctr, (d) => meanOf(clickParts, (z) => sigmoid(d + z)));
  return { world: new FunnelWorld(population, selectionBias, hiddenConfounding, { click, action, buy }, actionLift), sample, outcomes };
}

function meanOf(values: Float64Array, f: (value: number, row: number) => number): number {
  let s = 0;
  for (let r = 0; r < values.length; r++) s += f(values[r] as number, r);
  return s / values.length;
}
