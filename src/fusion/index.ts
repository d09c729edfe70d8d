export { CrossEntropy, type CrossEntropyOptions, type CrossEntropyResult, type Evaluated } from "./cem.js";
export { type FusionSpec, fuse, type Normalize, type Requests, rankWithin, SCORE_FLOOR, type TaskScores, type Transform } from "./fuse.js";
export { type GridBox, gridSearch, MAX_GRID_POINTS, type SearchResult } from "./grid.js";
export { type EvaluationOptions, evaluateFusion, evaluateRanking, type FusionEvaluation } from "./offline.js";
export { groupRequests, reorder } from "./requests.js";
export { type TuneInput, type TuneOptions, type TuneResult, tuneFusion } from "./tune.js";
