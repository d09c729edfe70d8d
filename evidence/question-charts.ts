import type { Chart } from "../src/report/chart.js";
import { groupedBarsChart, type MeanStdPoint } from "../src/report/charts/grouped-bars.js";
import { type SweepPoint, sweepLinesChart } from "../src/report/charts/sweep-lines.js";
import { METRIC_LABELS, overSeeds, type ResultReader, type Results, shortLabel } from "./chart-rows.js";
import type { Evidence } from "./evidence.js";

type Draw = (e: Evidence, r: ResultReader) => Chart;

/** Each variant's metrics in the first group: the model comparisons trained at one setting. */
function variantPoints(e: Evidence, r: ResultReader, metrics: string[]): { group: string; points: MeanStdPoint[] } {
  const [group, variants] = r.groups(e.numbers, [])[0] as [string, Results];
  const points: MeanStdPoint[] = [];
  for (const metric of metrics)
    for (const [variant, values] of r.groups(variants, [group]))
      points.push({
        panel: METRIC_LABELS[metric] ?? metric,
        category: variant,
        series: "",
        ...r.meanStd(values, metric, [group, variant]),
      });
  return { group: shortLabel(group), points };
}

/** A comparison of variants at one setting, dots with ± std (AUCs sit far from zero). */
function comparison(title: string, metrics: string[]): Draw {
  return (e, r) => {
    const { group, points } = variantPoints(e, r, metrics);
    return groupedBarsChart(points, {
      title,
      subtitle: `${overSeeds(e.seeds)}; ${group}`,
      valueTitle: "value (the panel's metric)",
      bars: false,
    });
  };
}

const percent = (p: { mean: number; std: number }) => ({ mean: 100 * p.mean, std: 100 * p.std });

const towerGradients: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [architecture, parts] of r.groups(e.numbers, []))
    for (const [part, norms] of r.groups(parts, [architecture]))
      for (const task of Object.keys(norms).filter((k) => k.startsWith("‖")))
        points.push({
          panel: shortLabel(architecture),
          category: part,
          series: `${task} (task ${task.slice(3, -1)}'s loss)`,
          ...r.meanStd(norms, task, [architecture, part]),
        });
  return groupedBarsChart(points, {
    title: "Each task's gradient on each part of the model",
    subtitle: `${overSeeds(e.seeds)}; a tower receives only its own task's gradient`,
    valueTitle: "RMS gradient norm per step",
    bars: true,
    ownRows: true,
  });
};

const esmmIeb: Draw = (e, r) => {
  const points: SweepPoint[] = [];
  for (const [group, models] of r.groups(e.numbers, [])) {
    const bias = r.numberIn(group, /selection bias ([\d.]+)/, [group]);
    for (const [model, values] of r.groups(models, [group])) {
      points.push({
        panel: "relative IEB (% of the true CVR on D)",
        series: model,
        x: bias,
        ...percent(r.meanStd(values, "iebRelative", [group, model])),
      });
      points.push({ panel: METRIC_LABELS.cvrAucD as string, series: model, x: bias, ...r.meanStd(values, "cvrAucD", [group, model]) });
    }
  }
  return sweepLinesChart(points, {
    title: "CVR over-estimate on all exposures as selection bias grows",
    subtitle: `${overSeeds(e.seeds)}; above 0: pCVR too high on D`,
    xTitle: "selection bias (simulator setting)",
    valueTitle: "value (the panel's metric)",
  });
};

const esm2TinyY4: Draw = (e, r) => {
  const points: SweepPoint[] = [];
  for (const [group, models] of r.groups(e.numbers, [])) {
    const share = r.numberIn(group, /([\d.]+) %/, [group]);
    for (const [model, values] of r.groups(models, [group]))
      for (const metric of ["cvrAucD", "ctcvrAuc"])
        points.push({ panel: METRIC_LABELS[metric] as string, series: model, x: share, ...r.meanStd(values, metric, [group, model]) });
  }
  return sweepLinesChart(points, {
    title: "ESM2 against ESMM as purchases without a D-action (y4) vanish",
    subtitle: `${overSeeds(e.seeds)}; selection bias 0.5`,
    xTitle: "purchases without a D-action (%, symmetric log scale)",
    xScale: "symlog",
    valueTitle: "AUC",
  });
};

const lambdaStopGradient: Draw = (e, r) => {
  const [group, variants] = r.groups(e.numbers, [])[0] as [string, Results];
  const points: SweepPoint[] = [];
  for (const [variant, values] of r.groups(variants, [group])) {
    const lambda = r.numberIn(variant, /λc ([\d.]+)/, [group, variant]);
    const series = variant.includes("no stop-gradient") ? "no stop-gradient on p̂" : "stop-gradient on p̂";
    for (const metric of ["ctrAuc", "cvrAucD", "ctcvrAuc", "ieb"])
      points.push({ panel: METRIC_LABELS[metric] as string, series, x: lambda, ...r.meanStd(values, metric, [group, variant]) });
  }
  return sweepLinesChart(points, {
    title: "ESCM²'s CVR loss weight λc, with and without stop-gradient",
    subtitle: `${overSeeds(e.seeds)}; ${group}`,
    xTitle: "λc (CVR loss weight, log scale)",
    valueTitle: "value (the panel's metric)",
    xScale: "log",
  });
};

const rankFusionLowScores: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [scenario, fusions] of r.groups(e.numbers, []))
    for (const [fusion, values] of r.groups(fusions, [scenario]))
      points.push({
        panel: "lopsided candidates in the fused top 10",
        category: fusion,
        series: scenario,
        ...percent(r.meanStd(values, "reachTop10", [scenario, fusion])),
      });
  return groupedBarsChart(points, {
    title: "How often each fusion promotes a candidate with one very low score",
    subtitle: `${overSeeds(e.seeds)}; 50 candidates a request`,
    valueTitle: "share of such candidates reaching the top 10 (%)",
    bars: true,
    columns: 1,
  });
};

const logAdditive: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [pair, values] of r.groups(e.numbers, []))
    for (const [key, series] of [
      ["requestsReordered", "any candidate reordered"],
      ["top10Changed", "top 10 changed"],
    ] as const)
      points.push({ panel: "requests whose ranking differs", category: pair, series, ...percent(r.meanStd(values, key, [pair])) });
  return groupedBarsChart(points, {
    title: "Multiplicative against additive-of-logs fusion: rankings that differ",
    subtitle: `${overSeeds(e.seeds)}; 0 % is the theorem`,
    valueTitle: "share of requests (%)",
    bars: true,
    columns: 1,
  });
};

const ipwPlusDr: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [estimator, values] of r.groups(e.numbers, []))
    for (const key of Object.keys(values).filter((k) => k.endsWith(": bias")))
      points.push({ panel: key.slice(0, -": bias".length), category: estimator, series: "", ...r.meanStd(values, key, [estimator]) });
  return groupedBarsChart(points, {
    title: "Bias of each ATE estimator when its models are wrong",
    subtitle: `${overSeeds(e.seeds).replace("seed", "data draw")}; the bar marks ± std`,
    valueTitle: "bias of the ATE estimate (outcome units)",
    bars: true,
    zeroRule: true,
  });
};

const ipwNeedsControl: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [estimate, values] of r.groups(e.numbers, [])) {
    const target = shortLabel(estimate);
    points.push({
      panel: `bias of ${target}`,
      category: estimate.slice(target.length + 2),
      series: "",
      ...r.meanStd(values, "bias", [estimate]),
    });
  }
  return groupedBarsChart(points, {
    title: "What dropping or down-weighting the untreated rows does to IPW",
    subtitle: `${overSeeds(e.seeds).replace("seed", "data draw")}`,
    valueTitle: "bias (outcome units)",
    bars: true,
    zeroRule: true,
    ownRows: true,
    columns: 1,
  });
};

const cvrEvalSpace: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [group, models] of r.groups(e.numbers, []))
    for (const [model, values] of r.groups(models, [group]))
      for (const [key, series] of [
        ["AUC on O (logged purchases)", "on O, logged purchases"],
        ["AUC on D (truth_r)", "on D, true conversions"],
      ] as const)
        points.push({ panel: shortLabel(group), category: model, series, ...r.meanStd(values, key, [group, model]) });
  return groupedBarsChart(points, {
    title: "CVR AUC measured on clicked exposures against on all exposures",
    subtitle: overSeeds(e.seeds),
    valueTitle: "CVR AUC",
    bars: false,
  });
};

const rankByCtcvr: Draw = (e, r) => {
  const points: MeanStdPoint[] = [];
  for (const [scores, rankings] of r.groups(e.numbers, []))
    for (const [ranking, values] of r.groups(rankings, [scores]))
      for (const metric of ["value", "clickRecall", "purchaseRecall"])
        points.push({
          panel: METRIC_LABELS[metric] as string,
          category: ranking,
          series: scores.replace(/ \(.*\)$/, ""),
          ...r.meanStd(values, metric, [scores, ranking]),
        });
  return groupedBarsChart(points, {
    title: "Ranking by pCTCVR alone against fusing it with pCTR",
    subtitle: overSeeds(e.seeds),
    valueTitle: "value (the panel's metric)",
    bars: false,
  });
};

/** One chart per question, keyed by its NAME: its headline comparison. */
export const QUESTION_CHARTS: Record<string, Draw> = {
  "tower-gradients": towerGradients,
  "esmm-vs-ctcvr-direct": comparison("ESMM against a tower that predicts CTCVR directly", ["cvrAucD", "ctcvrAuc", "ieb", "cvrMaeD"]),
  "esm2-tiny-y4": esm2TinyY4,
  "transfer-stop-gradient": comparison("Passing a tower's hidden state on, with and without stop-gradient", [
    "clickAuc",
    "shareAuc",
    "watchTimeMse",
  ]),
  "multi-ipw-sample-space": comparison("Multi-IPW and Multi-DR: sample space, CTR weight, stop-gradient", [
    "cvrAucD",
    "ieb",
    "ctrAuc",
    "ctcvrAuc",
  ]),
  "ipw-plus-dr": ipwPlusDr,
  "esmm-ieb": esmmIeb,
  "escm2-vs-multi-dr": comparison("ESCM²-DR against Multi-DR", ["cvrAucD", "ieb", "ctrAuc", "ctcvrAuc"]),
  "imputation-aux-vs-dr": comparison("The imputation tower: auxiliary loss or inside the DR loss", ["cvrAucD", "ieb"]),
  "rank-by-ctcvr": rankByCtcvr,
  "rank-fusion-low-scores": rankFusionLowScores,
  "log-additive-vs-multiplicative": logAdditive,
  "cvr-eval-space": cvrEvalSpace,
  "escm2-lambda-stop-gradient": lambdaStopGradient,
  "two-stage-ctr-cvr": comparison("Two-stage CTR then CVR training against joint training", ["cvrAucD", "ieb", "ctrAuc", "ctcvrAuc"]),
  "ipw-needs-control": ipwNeedsControl,
};
