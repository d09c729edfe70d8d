import { MtrecError } from "../errors.js";
import { auc } from "../metrics/auc.js";
import { checkProbabilities, checkSameLength } from "../metrics/check.js";
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

  const clicked = (i: number) => click[i] === 1;
  const result: CvrBias = { aucO: aucOn(purchase, pcvr, clicked) };
  if (truthR) {
    result.aucD = auc(truthR, pcvr);
    result.aucUnclicked = aucOn(truthR, pcvr, (i) => !clicked(i));
  }
  if (truthCvr) {
    const meanPred = mean(pcvr);
    const meanTrue = mean(truthCvr);
    result.ieb = meanPred - meanTrue;
    result.iebRelative = (meanPred - meanTrue) / meanTrue;
    result.calibrationD = { meanPred, meanTrue };
  }
  if (pctr) result.crr = crr(click, pctr, pcvr, opts);
  return result;
}

function aucOn(labels: ArrayLike<number>, scores: ArrayLike<number>, keep: (row: number) => boolean): number {
  const keptLabels = new Uint8Array(labels.length);
  const keptScores = new Float64Array(labels.length);
  let kept = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!keep(i)) continue;
    keptLabels[kept] = labels[i] as number;
    keptScores[kept++] = scores[i] as number;
  }
  return auc(keptLabels.subarray(0, kept), keptScores.subarray(0, kept));
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}
