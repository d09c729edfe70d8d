import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DataSource } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import type { EvalReport } from "../train/evaluate.js";
import { evaluate } from "../train/evaluate.js";
import { expertNamesOf } from "../train/expert-names.js";
import { load } from "../train/load.js";
import { predictSource } from "../train/predict-source.js";
import { numericFor } from "../train/prepare.js";
import { withTrainingReadOptions } from "../train/read-options.js";
import { FILES, type SavedConfig } from "../train/saved-config.js";
import type { StepLogFile } from "../train/step-log.js";
import { epochMetricChart } from "./charts/epoch-metric.js";
import { funnelCalibrationChart } from "./charts/funnel-calibration.js";
import { gateHeatmapCharts } from "./charts/gate-heatmap.js";
import { lossCurveChart } from "./charts/loss-curve.js";
import { lossWeightsChart } from "./charts/loss-weights.js";
import { reliabilityChart } from "./charts/reliability.js";
import { scoreHistogramChart } from "./charts/score-histogram.js";
import { type Cell, metricCell, type Page, type Section, type Table } from "./page.js";

/** What metrics.json holds, as far as the report reads it. */
export interface MetricsFile {
  best: { epoch: number; monitor: { task: string; metric: string }; value: number };
  valid: EvalReport;
  history: { epoch: number; valid: EvalReport; weights?: unknown }[];
}

async function readJson<T>(dir: string, name: string, required: boolean): Promise<T | undefined> {
  const path = join(dir, name);
  const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT" && !required) return undefined;
    throw new MtrecError(
      "MODEL_FILE",
      `mtrec: ${path}: cannot be read (${e.code ?? e.message}); is ${dir} a model directory written by mtrec train?`,
    );
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new MtrecError("MODEL_FILE", `mtrec: ${path}: not valid JSON (${(e as Error).message})`);
  }
}

const METRIC_NAMES: Record<string, string> = {
  auc: "AUC",
  gauc: "GAUC",
  ks: "KS",
  logloss: "log loss",
  meanPred: "mean prediction",
  meanLabel: "mean label",
  mse: "MSE",
  rmse: "RMSE",
  mae: "MAE",
  r2: "R²",
};

const BINARY_METRICS = ["auc", "gauc", "ks", "logloss", "meanPred", "meanLabel"];
const REGRESSION_METRICS = ["mse", "rmse", "mae", "r2", "meanPred", "meanLabel"];

/** One row per task, one column per metric the tasks of this kind have; each number traceable to `prefix.tasks.<task>.<metric>`. */
export function metricsTables(tasks: TaskSpec[], report: EvalReport, prefix: string, caption: string, only?: string[]): Table[] {
  const tables: Table[] = [];
  for (const type of ["binary", "regression"] as const) {
    const ofType = tasks.filter((t) => t.type === type);
    if (ofType.length === 0) continue;
    const metrics = (only ?? (type === "binary" ? BINARY_METRICS : REGRESSION_METRICS)).filter((m) =>
      ofType.some((t) => report.tasks[t.name]?.[m] !== undefined),
    );
    if (metrics.length === 0) continue;
    const rows: Cell[][] = ofType.map((t) => [
      t.name,
      ...metrics.map((m) => metricCell(`${prefix}.tasks.${t.name}.${m}`, report.tasks[t.name]?.[m])),
    ]);
    tables.push({ caption: `${caption} (${type} tasks)`, columns: ["task", ...metrics.map((m) => METRIC_NAMES[m] ?? m)], rows });
  }
  return tables;
}

const CVR_METRICS: [string, string][] = [
  ["aucO", "CVR AUC on clicked exposures (O)"],
  ["aucD", "CVR AUC on all exposures (D), against the truth"],
  ["ieb", "IEB: mean pCVR − mean true CVR on D"],
  ["iebRelative", "relative IEB: IEB / mean true CVR"],
  ["crr", "CRR: conversion-rate ratio of the ranking"],
];

function funnelSection(cvr: Record<string, number>): Section {
  const rows: Cell[][] = CVR_METRICS.filter(([k]) => cvr[k] !== undefined).map(([k, what]) => [what, metricCell(`valid.cvr.${k}`, cvr[k])]);
  const notes =
    cvr.aucD === undefined
      ? ["The data carries no true CVR (truth_cvr), so the bias on unclicked exposures cannot be measured; only clicked rows are."]
      : [];
  return {
    title: "Click → conversion funnel",
    notes,
    tables: [{ caption: "CVR on the validation rows", columns: ["measure", "value"], rows }],
    charts: [funnelCalibrationChart(cvr)],
  };
}

function monitorText(m: { task: string; metric: string }): string {
  return m.task === "*" ? `the mean validation ${m.metric.toUpperCase()} over tasks` : `${m.task} validation ${m.metric.toUpperCase()}`;
}

export interface ModelReportOptions {
  /** Labelled data to evaluate the model on too: AUC, GAUC and KS per task, and the calibration plots from it. */
  data?: DataSource;
  group?: string;
  threads?: number;
}

/** The page of one model directory: how training went, where the experts are used, how calibrated the scores are. */
export async function modelReport(dir: string, o: ModelReportOptions = {}): Promise<Page> {
  const saved = (await readJson<SavedConfig>(dir, FILES.config, true)) as SavedConfig;
  const metrics = (await readJson<MetricsFile>(dir, FILES.metrics, true)) as MetricsFile;
  const steps = await readJson<StepLogFile>(dir, FILES.steps, false);
  const tasks = saved.tasks;
  const kept = metrics.best.epoch;
  const sections: Section[] = [];
  sections.push({
    title: "Validation, kept epoch",
    notes: [
      `${saved.config.model.type}, kept epoch ${kept} of ${metrics.history.length} by ${monitorText(metrics.best.monitor)}; ${metrics.valid.rows.toLocaleString("en-US")} validation rows.`,
    ],
    tables: metricsTables(tasks, metrics.valid, "valid", "Validation metrics"),
  });
  const training: Section = { title: "Training", notes: [], charts: [] };
  if (steps && steps.step.length > 0) training.charts?.push(lossCurveChart(steps));
  else training.notes?.push("No steps.json in the model directory (trained before mtrec logged steps): no per-step loss curve.");
  training.charts?.push(epochMetricChart(metrics.history, tasks, kept));
  const strategy = saved.config.lossWeighting.type;
  if (steps && Object.keys(steps.weight).length > 0 && strategy !== "static") training.charts?.push(lossWeightsChart(steps, strategy));
  else
    training.notes?.push(
      `Loss weighting: ${strategy}${strategy === "static" ? " (the weights do not move, so no trajectory is drawn)" : ""}.`,
    );
  sections.push(training);
  if (metrics.valid.gates && Object.keys(metrics.valid.gates).length > 0) {
    const charts = gateHeatmapCharts(metrics.valid, metrics.valid.rows);
    sections.push({
      title: "Experts",
      notes:
        saved.config.model.type === "ple" && saved.config.model.levels > 1 && charts.length === 1
          ? ["PLE: the gates of the last extraction level only (metrics.json written before mtrec kept the lower levels' gates)."]
          : [],
      charts,
    });
  }
  let calibrationFrom = metrics.valid;
  let where = `validation rows, epoch ${kept}`;
  if (o.data) {
    const evaluated = await evaluateOn(dir, o.data, o);
    calibrationFrom = evaluated;
    where = o.data.path;
    sections.push({
      title: `On ${o.data.path}`,
      notes: [`${evaluated.rows.toLocaleString("en-US")} rows scored with the model's own vocabularies and statistics.`],
      tables: metricsTables(tasks, evaluated, "data", `Metrics on ${o.data.path}`, ["auc", "gauc", "ks", "mse", "rmse", "mae"]),
    });
  }
  if (calibrationFrom.reliability && Object.keys(calibrationFrom.reliability).length > 0) {
    sections.push({
      title: "Calibration",
      notes: [
        "ECE: the expected calibration error, the row-weighted mean gap between predicted probability and observed share per bin (0 is perfect).",
      ],
      charts: [reliabilityChart(calibrationFrom.reliability, where), scoreHistogramChart(calibrationFrom.reliability, where)],
    });
  } else if (tasks.some((t) => t.type === "binary"))
    sections.push({
      title: "Calibration",
      notes: ["metrics.json holds no reliability tables (a model trained before mtrec kept them): give --data to draw them."],
    });
  if (metrics.valid.cvr) sections.push(funnelSection(metrics.valid.cvr));
  return { title: `mtrec model report: ${saved.config.model.type}`, subtitle: `model directory ${dir}`, sections };
}

async function evaluateOn(dir: string, source: DataSource, o: ModelReportOptions): Promise<EvalReport> {
  const { schema: fitted, model, config: saved, infer } = await load(dir, { threads: o.threads });
  const file = withTrainingReadOptions(saved.config, source);
  const { data, predictions } = await predictSource(infer, fitted, saved.tasks, file, {
    numeric: await numericFor(saved.config, file),
    group: o.group,
  });
  return evaluate(saved.tasks, data, predictions, expertNamesOf(model));
}
