import type { Balance } from "../../src/causal/ate.js";
import { reliability } from "../../src/metrics/reliability.js";
import type { TaskSpec } from "../../src/models/types.js";
import type { Chart } from "../../src/report/chart.js";
import { cemObjectiveChart, cemRounds, cemSpreadChart } from "../../src/report/charts/cem-convergence.js";
import { compareMetricsChart } from "../../src/report/charts/compare-metrics.js";
import { epochMetricChart } from "../../src/report/charts/epoch-metric.js";
import { estimatesChart } from "../../src/report/charts/estimates.js";
import { funnelCalibrationChart } from "../../src/report/charts/funnel-calibration.js";
import { fusionFrontChart } from "../../src/report/charts/fusion-front.js";
import { gateHeatmapChart, gateHeatmapCharts } from "../../src/report/charts/gate-heatmap.js";
import { groupedBarsChart } from "../../src/report/charts/grouped-bars.js";
import { lossCurveChart } from "../../src/report/charts/loss-curve.js";
import { lossWeightsChart } from "../../src/report/charts/loss-weights.js";
import { lovePlotChart } from "../../src/report/charts/love-plot.js";
import { onlineCurveChart, onlineWeightsChart } from "../../src/report/charts/online-curve.js";
import { propensityOverlapChart } from "../../src/report/charts/propensity-overlap.js";
import { reliabilityChart } from "../../src/report/charts/reliability.js";
import { scoreHistogramChart } from "../../src/report/charts/score-histogram.js";
import { sweepLinesChart } from "../../src/report/charts/sweep-lines.js";
import { weightDistributionChart } from "../../src/report/charts/weight-distribution.js";
import type { Comparison } from "../../src/train/compare.js";
import type { EvalReport } from "../../src/train/evaluate.js";
import type { StepLogFile } from "../../src/train/step-log.js";

/** Small hand-made results, one per kind, to build every chart of the report from. */
export const TASKS: TaskSpec[] = [
  { name: "click", type: "binary" },
  { name: "watch", type: "regression" },
] as TaskSpec[];

export const STEPS: StepLogFile = {
  step: [1, 3, 5],
  epoch: [1, 1, 2],
  loss: { click: [0.7, 0.6, 0.5], watch: [2, 1.5, 1.2] },
  weight: { click: [1, 0.9, 0.8], watch: [1, 1.1, 1.2] },
};

const valid = (auc: number, mse: number): EvalReport => ({ rows: 4, tasks: { click: { auc }, watch: { mse } } });

export const COMPARISON: Comparison = {
  tasks: TASKS,
  models: {
    single: { click: { auc: { mean: 0.7, std: 0.01 } }, watch: { mse: { mean: 1, std: 0.05 } } },
    mmoe: { click: { auc: { mean: 0.65, std: 0.01 } }, watch: { mse: { mean: 0.8, std: 0.05 } } },
  },
  flags: {
    negativeTransfer: [{ model: "mmoe", task: "click", metric: "auc", value: 0.65, baseline: 0.7, t: -6, p: 0.004 }],
    seesaw: [{ model: "mmoe", up: ["watch"], down: ["click"] }],
    test: "Welch's t-test over 3 seeds per model, two-sided, α = 0.05",
  },
  flagMetric: { click: "auc", watch: "mse" },
};

export const BALANCE: Balance = {
  smd: { x1: { before: 0.5, after: 0.02 }, x2: { before: -0.3, after: -0.12 } },
  ks: { x1: 0.03, x2: 0.05 },
  weights: { min: 1, max: 9, mean: 2, percentiles: { p1: 1, p5: 1, p25: 1.2, p50: 1.6, p75: 2.1, p95: 4, p99: 8 }, effectiveSampleSize: 3 },
  overlap: [],
} as unknown as Balance;

/** A 2-level PLE's expert usage (1 expert per task, 1 shared), as metrics.json holds it. */
export const PLE_GATES = {
  gates: { click: { "click/0": 0.6, "shared/0": 0.4 }, watch: { "watch/0": 0.3, "shared/0": 0.7 } },
  levelGates: {
    "level0/click": { "click/0": 0.5, "shared/0": 0.5 },
    "level0/watch": { "watch/0": 0.8, "shared/0": 0.2 },
    "level0/shared": { "click/0": 0.1, "watch/0": 0.2, "shared/0": 0.7 },
  },
};

const ROUND = { round: 1, meanMetric: 1, bestMetric: 1.2, weights: { click: 1, purchase: 2 }, expected: 1.1 };

/** One chart of every kind the report draws, from the results above. */
export function everyChart(): Chart[] {
  const tables = { click: reliability([0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3]) };
  const evaluations = [
    { weights: { click: 1, purchase: 1 }, objective: 1 },
    { weights: { click: 2, purchase: 0.5 }, objective: 1.5 },
  ];
  const rounds = cemRounds(evaluations, 2);
  return [
    lossCurveChart(STEPS),
    lossWeightsChart(STEPS, "gradnorm"),
    epochMetricChart(
      [
        { epoch: 1, valid: valid(0.6, 1.4) },
        { epoch: 2, valid: valid(0.7, 1.1) },
      ],
      TASKS,
      2,
    ),
    gateHeatmapChart({ click: { "expert/0": 0.7, "expert/1": 0.3 }, watch: { "expert/0": 0.2, "expert/1": 0.8 } }, 4),
    ...gateHeatmapCharts({ gates: PLE_GATES.gates, levelGates: PLE_GATES.levelGates }, 4).slice(0, 1),
    reliabilityChart(tables, "validation rows"),
    scoreHistogramChart(tables, "validation rows"),
    funnelCalibrationChart({ meanPredO: 0.1, meanLabelO: 0.1, meanPredD: 0.08, meanTrueD: 0.05 }),
    compareMetricsChart(COMPARISON, 3),
    lovePlotChart(BALANCE),
    propensityOverlapChart([0.2, 0.7, 0.4, 0.9], [0, 1, 0, 1]),
    weightDistributionChart([1.2, 3.3, 1.5, 9], 3),
    estimatesChart([{ name: "dr (adjusted)", value: 2, low: 1.9, high: 2.1, interval: "influence function" }], "adjusted"),
    fusionFrontChart(
      [
        { a: 0.5, b: 0.4, weights: { click: 1, purchase: 1 } },
        { a: 0.45, b: 0.5, weights: { click: 2, purchase: 0.5 } },
      ],
      { a: 0.5, b: 0.4, weights: { click: 1, purchase: 1 } },
      { a: "NDCG@10 of click", b: "NDCG@10 of purchase" },
    ),
    cemObjectiveChart(rounds, "value of the top 10"),
    cemSpreadChart(rounds),
    onlineCurveChart([ROUND, { ...ROUND, round: 2 }], 1),
    onlineWeightsChart([ROUND, { ...ROUND, round: 2 }]),
    groupedBarsChart(
      [
        { panel: "bias", category: "ipw", series: "right model", mean: 0.01, std: 0.02 },
        { panel: "bias", category: "ipw", series: "wrong model", mean: -0.3, std: 0.04 },
        { panel: "bias", category: "a doubly robust estimator with a long name", series: "right model", mean: 0.002, std: 0.01 },
      ],
      { title: "Bias per estimator", subtitle: "mean ± std over 3 draws", valueTitle: "bias (outcome units)", bars: true, zeroRule: true },
    ),
    groupedBarsChart(
      [
        { panel: "shared-bottom", category: "bottom", series: "", mean: 0.09, std: 0.003 },
        { panel: "mmoe", category: "experts", series: "", mean: 0.05, std: 0.002 },
      ],
      { id: "grouped-bars-own-rows", title: "Gradient norm per part", valueTitle: "RMS gradient norm", bars: false, ownRows: true },
    ),
    sweepLinesChart(
      [
        { panel: "CVR AUC", series: "esmm", x: 0, mean: 0.5, std: 0.01 },
        { panel: "CVR AUC", series: "esmm", x: 1, mean: 0.69, std: 0.002 },
        { panel: "CVR AUC", series: "cvr-naive", x: 1, mean: 0.7, std: 0.003 },
      ],
      { title: "CVR AUC as selection bias grows", xTitle: "selection bias", valueTitle: "AUC" },
    ),
  ];
}
