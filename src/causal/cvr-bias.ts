import { MtrecError } from "../errors.js";
import { checkProbabilities, checkSameLength } from "../metrics/check.js";
import { ascendingOrder } from "../metrics/order.js";
import { aucOfRanked, inOrder, ranked, rankedWhere } from "../metrics/ranked.js";
import { checkBinary } from "./check.js";
import { type CrrOptions, type CrrResult, crr } from "./crr.js";

/** One value per exposure; the truth_* columns come from a simulator, never from real logs. */
export interface CvrBiasInput {
  click: ArrayLike<number>;
  purchase: ArrayLike<number>;
  /** The model's CVR, P(purchase | click, x), on every exposure. */
  pcvr: ArrayLike<number>;
  /** The simulator's P(r = 1 | do(click), x): what pCVR should equal, clicked or not. */
  truthCvr?: ArrayLike<number>;
  /** The simulator's conversion had the row been clicked, 0 or 1, drawn on every row. */
  truthR?: ArrayLike<number>;
  /** The model's CTR, for the causal risk ratio. */
  pctr?: ArrayLike<number>;
  /** Every row in ascending pCVR, as ascendingOrder(pcvr) gives it, when the caller has it; else sorted here, once. */
  pcvrOrder?: Uint32Array;
  /** The same for pCTR, which the CRR's matching needs. */
  pctrOrder?: Uint32Array;
}

export interface CvrBias {
  /** CVR AUC on the clicked rows against purchase: all that real logs allow. */
  aucO: number;
  /** AUC on every exposure against truth_r. Needs truthR. */
  aucD?: number;
  /** AUC on the unclicked exposures against truth_r, where the CVR model never saw a label. Needs truthR. */
  aucUnclicked?: number;
  /** Mean pCVR on D minus mean truth_cvr on D. Needs truthCvr. */
  ieb?: number;
  /** ieb / mean truth_cvr on D. Needs truthCvr. */
  iebRelative?: number;
  /** Needs truthCvr. */
  calibrationD?: { meanPred: number; meanTrue: number };
  /** Needs pctr; matched by `opts`. */
  crr?: CrrResult;
}

/**
 * How a CVR model does on the whole exposure space D, not only on the clicked rows O it
 * is trained and usually evaluated on. Each field appears only when its inputs were given.
 *
 * IEB is the inherent estimation bias of ESCM2 (Wang et al., SIGIR 2022), who prove ESMM's
 * CVR estimate is higher than the truth: here the mean pCVR over D minus the mean true CVR
 * over D, positive when the model over-predicts. Relative IEB divides it by the mean true
 * CVR, so data sets with different conversion rates compare. AUCs are NaN where the rows
 * hold one class only; IEB and calibration are NaN on empty input.
 */
export function cvrBias(input: CvrBiasInput, opts: CrrOptions = {}): CvrBias {
  const { click, purchase, pcvr, truthCvr, truthR, pctr } = input;
  const present = Object.fromEntries(
    Object.entries({ click, purchase, pcvr, truthCvr, truthR, pctr }).filter(([, values]) => values !== undefined),
  ) as Record<string, ArrayLike<number>>;
  const n = checkSameLength("cvrBias", present);
  checkBinary("cvrBias", "click", click);
  checkBinary("cvrBias", "purchase", purchase);
  for (let i = 0; i < n; i++) {
    if (purchase[i] === 1 && click[i] === 0) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: cvrBias: row ${i} has purchase 1 but click 0; a purchase is only observed after a click, so pass the logged purchase, not truth_r.`,
      );
    }
  }
  checkProbabilities("cvrBias", "pcvr", pcvr);
  if (truthCvr) checkProbabilities("cvrBias", "truthCvr", truthCvr);
  if (truthR) checkBinary("cvrBias", "truthR", truthR);
  if (pctr) checkProbabilities("cvrBias", "pctr", pctr);

  // One sort of pCVR serves all three AUCs: a subset of a sorted order is still sorted.
  const order = input.pcvrOrder ?? ascendingOrder(pcvr);
  const { scores, labels: purchased } = ranked(purchase, pcvr, order);
  const clicked = inOrder(click, order);
  const result: CvrBias = { aucO: aucOfRanked(rankedWhere(scores, purchased, clicked, 1)) };
  if (truthR) {
    const converted = inOrder(truthR, order);
    result.aucD = aucOfRanked({ scores, labels: converted });
    result.aucUnclicked = aucOfRanked(rankedWhere(scores, converted, clicked, 0));
  }
  if (truthCvr) {
    const meanPred = mean(pcvr);
    const meanTrue = mean(truthCvr);
    result.ieb = meanPred - meanTrue;
    result.iebRelative = (meanPred - meanTrue) / meanTrue;
    result.calibrationD = { meanPred, meanTrue };
  }
  if (pctr) result.crr = crr(click, pctr, pcvr, opts, input.pctrOrder);
  return result;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}
