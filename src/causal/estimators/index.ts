export { type ArmOutcomes, fitArmOutcomes } from "./arm-outcomes.js";
export { type BootstrapOptions, type BootstrapResult, bootstrap, resample, resampleRows } from "./bootstrap.js";
export {
  type OverlapWarning,
  overlapWarnings,
  standardizedMeanDifferences,
  type WeightSummary,
  weightedKs,
  weightSummary,
} from "./diagnostics.js";
export { type DrResult, drAte } from "./dr.js";
export {
  inverseProbabilityWeights,
  ipwAte,
  ipwSelfNormalizedAte,
  ipwStabilizedAte,
  stabilizedWeights,
  weightedArmDifference,
} from "./ipw.js";
export { ipwTrimmedAte, type TrimmedWeights, type TrimOptions, trimmedWeights } from "./ipw-trimmed.js";
export { fitLinear, type LinearModel, type LinearOptions } from "./linear.js";
export { fitLogistic, type LogisticModel, type LogisticOptions } from "./logistic.js";
export { type MatchingAttOptions, type MatchingAttResult, matchingAtt } from "./matching-att.js";
export { matchGreedyWithoutReplacement } from "./matching-greedy.js";
