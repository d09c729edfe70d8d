import type { Question } from "../evidence.js";
import { cvrEvalSpace } from "./cvr-eval-space.js";
import { escm2LambdaStopGradient } from "./escm2-lambda-stop-gradient.js";
import { escm2VsMultiDr } from "./escm2-vs-multi-dr.js";
import { esm2TinyY4 } from "./esm2-tiny-y4.js";
import { esmmIeb } from "./esmm-ieb.js";
import { esmmVsCtcvrDirect } from "./esmm-vs-ctcvr-direct.js";
import { imputationAuxVsDr } from "./imputation-aux-vs-dr.js";
import { ipwNeedsControl } from "./ipw-needs-control.js";
import { ipwPlusDr } from "./ipw-plus-dr.js";
import { logAdditiveVsMultiplicative } from "./log-additive-vs-multiplicative.js";
import { multiIpwSampleSpace } from "./multi-ipw-sample-space.js";
import { rankByCtcvr } from "./rank-by-ctcvr.js";
import { rankFusionLowScores } from "./rank-fusion-low-scores.js";
import { towerGradients } from "./tower-gradients.js";
import { transferStopGradient } from "./transfer-stop-gradient.js";
import { twoStageCtrCvr } from "./two-stage-ctr-cvr.js";

/** Every question, in the order. */
export const questions: Question[] = [
  towerGradients,
  esmmVsCtcvrDirect,
  esm2TinyY4,
  transferStopGradient,
  multiIpwSampleSpace,
  ipwPlusDr,
  esmmIeb,
  escm2VsMultiDr,
  imputationAuxVsDr,
  rankByCtcvr,
  rankFusionLowScores,
  logAdditiveVsMultiplicative,
  cvrEvalSpace,
  escm2LambdaStopGradient,
  twoStageCtrCvr,
  ipwNeedsControl,
];
