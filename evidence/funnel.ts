import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FunnelRates, type SynthFunnelOptions, writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import type { EncodedData } from "../src/data/types.js";
import type { MeanStd } from "../src/metrics/mean-std.js";
import { parseModelSpec } from "../src/models/registry.js";
import type { TaskSpec } from "../src/models/types.js";
import { parseTrainConfig, type TrainConfig } from "../src/train/config.js";
import { FUNNEL_INPUTS } from "../src/train/demo-funnel.js";
import { type EvalReport, type Predictions, predict } from "../src/train/evaluate.js";
import { compileInference } from "../src/train/programs.js";
import { type PreparedData, prepareData, trainModel } from "../src/train/trainer.js";
import type { Scale } from "./evidence.js";
import { newModel, runStage, validate } from "./loop.js";
import { summarise } from "./stats.js";

/** Runs `fn` in a fresh temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-evidence-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type Label = { name: string; type: "binary" | "regression" };
export const binary = (...names: string[]): Label[] => names.map((name) => ({ name, type: "binary" }));

/** A simulated funnel file of `scale.rows` exposures (data seed 7 unless given), encoded once for every run on it. */
export async function funnelData(
  dir: string,
  scale: Scale,
  labels: Label[],
  world: Partial<SynthFunnelOptions> = {},
  /** More of the training config (e.g. a lossWeighting), for every run on this data. */
  more: Record<string, unknown> = {},
): Promise<{ config: TrainConfig; data: PreparedData; rates: FunnelRates }> {
  const path = join(dir, `funnel-${Math.random().toString(36).slice(2)}.csv`);
  const rates = await writeSynthFunnelCsv(path, { rows: scale.rows, seed: 7, ...world });
  const config = parseTrainConfig(
    {
      data: { path },
      validFraction: 0.3,
      schema: { sparse: FUNNEL_INPUTS.map((name) => ({ name, encoding: "vocab" })), labels },
      model: { type: "esmm" },
      // a few epochs at a moderate step: every question trains dozens of models on two shared cores
      train: { epochs: scale.epochs, batchSize: scale.batchSize, lr: 2e-3, threads: 1, earlyStopping: { patience: 2 } },
      ...more,
    },
    "evidence",
  );
  return { config, data: await prepareData(config, () => {}), rates };
}

export interface Trained {
  /** The validation report of the kept epoch. */
  report: EvalReport;
  tasks: TaskSpec[];
  /** Every validation row's scores (keyed as `mtrec predict` keys them: tasks, and ctr/cvr/ctcvr for funnel models). */
  scores: Predictions["scores"];
  valid: EncodedData;
}

/** A model spec, and optionally static weights of its objective's terms (ctr, cvr, ctcvr ...). */
export type Variant = Record<string, unknown> & { lossWeights?: Record<string, number> };

/**
 * Trains one variant with one seed on prepared data and scores the validation rows. With
 * term weights it runs the bare loop for all the epochs (the trainer's lossWeights name tasks,
 * not a funnel model's terms); else the trainer, with its early stopping.
 */
export async function trainOn(config: TrainConfig, data: PreparedData, variant: Variant, seed: number): Promise<Trained> {
  const { lossWeights, ...spec } = variant;
  const seeded = { ...config, model: parseModelSpec(spec), train: { ...config.train, seed } };
  const valid = data.memory?.valid as EncodedData;
  if (lossWeights) {
    const model = newModel(seeded, data, seed);
    await runStage(model, seeded, data, { epochs: config.train.epochs, weights: lossWeights }, seed);
    const { report, scores } = await validate(model, seeded, data);
    return { report, tasks: data.tasks, scores, valid };
  }
  const result = await trainModel(seeded, { progress: false }, data);
  const infer = await compileInference(result.model, result.tasks, { threads: config.train.threads });
  const { scores } = await predict(infer, result.fitted, result.tasks, valid);
  return { report: result.valid, tasks: result.tasks, scores, valid };
}

/** The validation metrics a funnel question reads: CTR and CTCVR AUC on D, and the CVR report. */
export function funnelMetrics(t: Trained): Record<string, number> {
  const tasks = t.tasks;
  const click = tasks[0]?.name as string;
  const purchase = tasks[tasks.length - 1]?.name as string;
  const cvr = t.report.cvr ?? {};
  const pick = (k: string) => cvr[k] as number;
  const truth = t.valid.numeric?.truth_cvr;
  const pcvr = t.scores.cvr;
  let mae = 0;
  if (truth && pcvr) for (let i = 0; i < truth.length; i++) mae += Math.abs((pcvr[i] as number) - (truth[i] as number));
  return {
    ctrAuc: t.report.tasks[click]?.auc as number,
    ctcvrAuc: t.report.tasks[purchase]?.auc as number,
    ...(t.report.cvr
      ? { cvrAucO: pick("aucO"), cvrAucD: pick("aucD"), ieb: pick("ieb"), iebRelative: pick("iebRelative"), meanPredD: pick("meanPredD") }
      : {}),
    // how far each exposure's pCVR is from its true CVR: calibration per row, not only on average
    ...(truth && pcvr ? { cvrMaeD: mae / truth.length } : {}),
  };
}

/**
 * Each variant (a model spec) trained with every seed; its metrics (funnelMetrics plus any
 * `extra`) as mean ± std over the seeds.
 */
export async function compareVariants(
  config: TrainConfig,
  data: PreparedData,
  variants: Record<string, Variant>,
  seeds: number[],
  extra: (t: Trained) => Record<string, number> = () => ({}),
): Promise<Record<string, Record<string, MeanStd>>> {
  const out: Record<string, Record<string, MeanStd>> = {};
  for (const [name, spec] of Object.entries(variants)) {
    const runs: Record<string, number>[] = [];
    for (const seed of seeds) {
      const t = await trainOn(config, data, spec, seed);
      runs.push({ ...funnelMetrics(t), ...extra(t) });
    }
    out[name] = summarise(runs);
  }
  return out;
}
