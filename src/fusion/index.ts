export { CrossEntropy, type CrossEntropyOptions, type CrossEntropyResult, type Evaluated } from "./cem.js";
export { FUNNEL_ACTIONS, FunnelLive } from "./funnel-live.js";
export { type FusionSpec, fuse, type Normalize, type Requests, rankWithin, SCORE_FLOOR, type TaskScores, type Transform } from "./fuse.js";
export { fusedOrder } from "./fused-order.js";
export { type GridBox, gridSearch, MAX_GRID_POINTS, type SearchResult } from "./grid.js";
export { type EvaluationOptions, evaluateFusion, evaluateRanking, type FusionEvaluation } from "./offline.js";
export {
  expectedValue,
  type LiveBatch,
  type LiveSystem,
  type OnlineOptions,
  type OnlineResult,
  type OnlineRound,
  selectBatch,
  simulateOnline,
} from "./online.js";
export { fuseBySegment, type PersonalisedResult, type SegmentWeights, segmentObjective, subset, tunePersonalised } from "./personalised.js";
export { rank, rankFused, type ScoresInput, weightedScores } from "./rank.js";
export { fixedRequests, groupRequests, reorder, selectRequests, splitRequests } from "./requests.js";
export type { Scorer } from "./scorer.js";
export {
  type FusionObjective,
  type FusionType,
  fusionObjective,
  objectiveValue,
  parseObjective,
  type TuneInput,
  type TuneOptions,
  type TuneResult,
  tuneFusion,
} from "./tune.js";
export { type LoggedTuneOptions, type LoggedTuneReport, tuneLogged } from "./tune-logged.js";
