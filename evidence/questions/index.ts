import type { Question } from "../evidence.js";
import { ipwNeedsControl } from "./ipw-needs-control.js";
import { ipwPlusDr } from "./ipw-plus-dr.js";
import { logAdditiveVsMultiplicative } from "./log-additive-vs-multiplicative.js";
import { rankFusionLowScores } from "./rank-fusion-low-scores.js";
import { towerGradients } from "./tower-gradients.js";

/** Every question, in the order. */
export const questions: Question[] = [towerGradients, ipwPlusDr, rankFusionLowScores, logAdditiveVsMultiplicative, ipwNeedsControl];
