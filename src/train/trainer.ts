import { join } from "node:path";
import type { FittedSchema, Schema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { MultiTaskModel, TaskSpec } from "../models/types.js";
import { writeFileAtomic } from "../nn/atomic-write.js";
import { Rng } from "../nn/rng.js";
import { Adam } from "../optim/adam.js";
import { Averaged } from "../optim/average.js";
import { clipGradNorm } from "../optim/clip.js";
import type { HostTensor } from "../runtime/tensor.js";
import { MTREC_VERSION } from "../version.js";
import { buildWeighting, transformsOf } from "../weighting/registry.js";
import { Batcher } from "./batcher.js";
import { resumeFrom, saveBest, saveCheckpoint } from "./checkpoint.js";
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from "./config.js";
import { type DivergenceContext, divergedError, firstNonFiniteGradient, firstNonFiniteValue } from "./divergence.js";
import { improves, type Monitor, monitoredValue, monitorFor } from "./early-stopping.js";
import type { EvalReport } from "./evaluate.js";
import { expertNamesOf } from "./expert-names.js";
import { propensityColumn } from "./funnel-columns.js";
import { exportOnnx } from "./infer.js";
import { encoderSpecFor, instantiate, saveModelDir } from "./model-dir.js";
import { type PreparedData, prepareData, type RunWarning } from "./prepare.js";
import { compileInference, compileTrainStep, inferenceOutputs, partOutput } from "./programs.js";
import { Progress } from "./progress.js";
import { openRunDir, publishRunDir } from "./run-dir.js";
import { FILES } from "./saved-config.js";
import { StepLog, type StepLogFile } from "./step-log.js";
import { WeightLog, type WeightSummary } from "./weight-log.js";

export { MTREC_VERSION } from "../version.js";
export { type PreparedData, prepareData, type RunWarning } from "./prepare.js";

export interface TrainOptions {
  /** Model directory to write; nothing is written without it. */
  out?: string;
  /**
   * Continue from the last checkpoint (same data and config) instead of starting afresh: an
   * unfinished run's in `<out>.partial`, else a finished model's in `out`.
   */
  resume?: boolean;
  /** Replace the model `out` holds, and any unfinished run into it; without it a non-empty `out` is refused. */
  overwrite?: boolean;
  log?: (line: string) => void;
  /** Warnings that do not stop the run (an input that gives a label away); default: stderr. */
  warn?: (line: string) => void;
  /** Progress bar on stderr (default: when stderr is a terminal). */
  progress?: boolean;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: Record<string, number>;
  /** Each term's weight over the epoch: its mean, its last value, and a trajectory (≤ 20 points). */
  weights: WeightSummary;
  valid: EvalReport;
  seconds: number;
  samplesPerSec: number;
}

export interface TrainResult {
  model: MultiTaskModel;
  fitted: FittedSchema;
  tasks: TaskSpec[];
  history: EpochRecord[];
  best: { epoch: number; monitor: Monitor; value: number };
  /** The validation report of the kept (best) epoch. */
  valid: EvalReport;
  /** The schema inferred from the data, when the config gave only labels. */
  inferred?: Schema;
  /** What the run warned of (also in metrics.json). */
  warnings: RunWarning[];
  /** Each loss term and weight per step, thinned (steps.json); a resumed run's only from where it resumed. */
  steps: StepLogFile;
}

function snapshot(model: MultiTaskModel): Float32Array[] {
  return model.allParameters().map((p) => p.data.slice());
}

function restore(model: MultiTaskModel, saved: Float32Array[]): void {
  for (const [i, p] of model.allParameters().entries()) p.data.set(saved[i] as Float32Array);
}

/**
 * Trains one model end to end: schema, encoding, epochs with shuffling, evaluation after
 * each epoch, early stopping on the monitored metric, and the best epoch's weights kept.
 */
export async function trainModel(config: TrainConfig, opts: TrainOptions = {}, prepared?: PreparedData): Promise<TrainResult> {
  const log = opts.log ?? (() => {});
  if (opts.resume && !opts.out)
    throw new MtrecError("BAD_ARGUMENT", "mtrec: resuming needs the model directory (--out) whose checkpoint to continue");
  // before the data is read: a refused directory should not cost a pass over the file
  const run = opts.out ? await openRunDir(opts.out, { resume: opts.resume, overwrite: opts.overwrite }) : undefined;
  const { fitted, tasks, rows, inferred, warnings } = prepared ?? (await prepareData(config, log, opts.warn));
  if (config.valid && rows.validRows === 0)
    throw new MtrecError("BAD_DATA", `mtrec: ${config.valid.path}: no data rows; the validation file needs at least one`);
  if (rows.trainRows === 0 || rows.validRows === 0) {
    throw new MtrecError(
      "BAD_DATA",
      `mtrec: ${config.data?.path}: ${rows.trainRows} training and ${rows.validRows} validation rows: both must be above 0`,
    );
  }
  for (const name of Object.keys(config.lossWeights)) {
    if (!tasks.some((t) => t.name === name))
      throw new MtrecError(
        "BAD_CONFIG",
        `mtrec: lossWeights names "${name}", which is not a task (tasks: ${tasks.map((t) => t.name).join(", ")})`,
      );
  }
  const encoder = encoderSpecFor(fitted, config);
  const { seed, threads, epochs, batchSize, lr } = config.train;
  const model = instantiate(config.model, tasks, encoder, seed);
  const weighting = buildWeighting(config.lossWeighting, seed, config.lossWeights);
  const transforms = transformsOf(config.lossWeighting);
  for (const name of Object.keys(transforms)) {
    if (tasks.find((t) => t.name === name)?.type !== "regression") {
      throw new MtrecError("BAD_CONFIG", `mtrec: lossWeighting.transform names "${name}", which is not a regression task`);
    }
  }
  const { step, parts, terms } = await compileTrainStep(model, tasks, {
    weighting,
    transforms,
    seed,
    threads,
    propensity: propensityColumn(config) !== undefined,
  });
  const infer = await compileInference(model, tasks, { threads, transforms });
  const trained = [...model.parameters(), ...(weighting.module?.parameters() ?? [])];
  const adam = new Adam(trained, { lr });
  // with train.ema the model is evaluated, kept and saved with its averaged weights
  const averaged = config.train.ema === undefined ? undefined : new Averaged(adam, trained, config.train.ema, adam.lazy);
  const opt = averaged ?? adam;
  const monitor = monitorFor(tasks, config.train.earlyStopping.task, config.train.earlyStopping.metric);
  const expertNames = expertNamesOf(model);
  const batcher = new Batcher(fitted, batchSize, propensityColumn(config));
  const shuffle = new Rng(seed + 1);
  const progress = new Progress(opts.progress);
  const history: EpochRecord[] = [];
  const steps = new StepLog();
  let best: { epoch: number; value: number; weights: Float32Array[]; report: EvalReport } | undefined;
  const checkpointDir = run?.checkpoint;
  let start = 1;
  if (opts.resume && checkpointDir) {
    const r = await resumeFrom(checkpointDir, model, opt);
    history.push(...r.state.history);
    const kept = history.find((h) => h.epoch === r.state.bestEpoch);
    if (kept) best = { epoch: kept.epoch, value: r.state.bestValue, weights: r.bestWeights, report: kept.valid };
    start = r.state.epoch + 1;
    // the same shuffles as an uninterrupted run (exact in memory; streamed chunks reshuffle afresh)
    for (let e = 1; e < start; e++) for await (const _ of rows.blocks(shuffle));
    log(`resuming after epoch ${r.state.epoch} of ${checkpointDir} (best so far: epoch ${r.state.bestEpoch})`);
  }
  const stepsPerEpoch = Math.ceil(rows.trainRows / batchSize);
  for (let epoch = start; epoch <= epochs; epoch++) {
    progress.start(epoch, epochs, stepsPerEpoch);
    const where = (step: number): DivergenceContext => ({
      epoch,
      step,
      steps: stepsPerEpoch,
      lr,
      saving: checkpointDir !== undefined,
      ...(checkpointDir && epoch > 1 ? { checkpoint: { epoch: epoch - 1, dir: checkpointDir } } : {}),
    });
    const sums = Object.fromEntries(parts.map((p) => [p, 0]));
    const weights = new WeightLog();
    const t0 = performance.now();
    let seen = 0;
    let k = 0;
    for await (const block of rows.blocks(shuffle)) {
      for (let s = 0; s < block.order.length; s += batchSize) {
        const e = Math.min(block.order.length, s + batchSize);
        const batch = Object.assign(batcher.fill(block.data, block.order, s, e), weighting.feeds());
        const r = await step.run(batch);
        const losses = Object.fromEntries(terms.map((t) => [t, scalarOf(r.outputs, partOutput(t))]));
        const partLosses = parts.map((p) => ({ name: p, value: scalarOf(r.outputs, partOutput(p)) }));
        // checked before anything reads them: a NaN would reach every weight and both Adam moments
        const badLosses = partLosses.filter((l) => !Number.isFinite(l.value));
        const badGradient = firstNonFiniteGradient(trained);
        if (badLosses.length > 0 || badGradient) {
          progress.stop();
          throw divergedError(where(k + 1), { losses: badLosses, gradient: badGradient });
        }
        weighting.after({ outputs: r.outputs, losses });
        const stepWeights = weighting.weights();
        weights.add(stepWeights);
        steps.add(epoch, partLosses, stepWeights);
        if (config.train.clipNorm) clipGradNorm(trained, config.train.clipNorm);
        opt.step();
        seen += e - s;
        for (const l of partLosses) sums[l.name] = (sums[l.name] as number) + l.value * (e - s);
        const running = Object.fromEntries(parts.map((p) => [p, (sums[p] as number) / seen]));
        progress.update(++k, (seen * 1000) / (performance.now() - t0), running);
      }
    }
    progress.stop();
    // finite gradients can still overflow a weight; the checkpoint must not keep one
    const badWeight = firstNonFiniteValue(model.allParameters()) ?? firstNonFiniteValue(trained);
    if (badWeight) throw divergedError(where(k), { losses: [], weight: badWeight });
    const seconds = (performance.now() - t0) / 1000;
    averaged?.swapIn();
    const report = await rows.evaluate(infer, fitted, tasks, expertNames);
    const trainLoss = Object.fromEntries(parts.map((p) => [p, (sums[p] as number) / seen]));
    const epochWeights = weights.take();
    history.push({ epoch, trainLoss, weights: epochWeights, valid: report, seconds, samplesPerSec: seen / seconds });
    const value = monitoredValue(report, monitor);
    log(
      `epoch ${epoch}/${epochs}: ${formatEpoch(tasks, trainLoss, report)}${weighting.type === "static" ? "" : `; weights ${formatWeights(epochWeights.last)}`} (${Math.round(seen / seconds).toLocaleString("en-US")} samples/s)`,
    );
    if (improves(monitor, value, best?.value)) {
      best = { epoch, value, weights: snapshot(model), report };
      if (checkpointDir) await saveBest(checkpointDir, model);
    }
    averaged?.swapOut();
    if (checkpointDir)
      await saveCheckpoint(checkpointDir, model, opt, {
        epoch,
        bestEpoch: best?.epoch ?? epoch,
        bestValue: best?.value ?? Number.NaN,
        history,
      });
    if (best && epoch - best.epoch >= config.train.earlyStopping.patience) {
      log(`early stop: ${monitor.task} ${monitor.metric} has not improved for ${epoch - best.epoch} epochs; keeping epoch ${best.epoch}`);
      break;
    }
  }
  const kept = best ?? {
    epoch: history.length,
    value: Number.NaN,
    weights: snapshot(model),
    report: (history.at(-1) as EpochRecord).valid,
  };
  restore(model, kept.weights);
  const result: TrainResult = {
    model,
    fitted,
    tasks,
    history,
    best: { epoch: kept.epoch, monitor, value: kept.value },
    valid: kept.report,
    inferred,
    warnings,
    steps: steps.toJSON(),
  };
  if (run) {
    await writeModelDir(run.work, config, result);
    await publishRunDir(run);
  }
  return result;
}

async function writeModelDir(dir: string, config: TrainConfig, r: TrainResult): Promise<void> {
  const encoder = encoderSpecFor(r.fitted, config);
  await saveModelDir(dir, { mtrec: MTREC_VERSION, config, tasks: r.tasks, encoder }, r.fitted, r.model);
  const metrics = { best: r.best, valid: r.valid, history: r.history, warnings: r.warnings };
  await writeFileAtomic(join(dir, FILES.metrics), `${JSON.stringify(metrics, null, 2)}\n`);
  await writeFileAtomic(join(dir, FILES.steps), `${JSON.stringify(r.steps)}\n`);
  if (r.inferred) await writeFileAtomic(join(dir, "inferred-schema.json"), `${JSON.stringify(r.inferred, null, 2)}\n`);
  const onnx = exportOnnx(
    { module: r.model, inputs: {}, outputs: (_, g) => inferenceOutputs(r.model, r.tasks, g, transformsOf(config.lossWeighting)) },
    { mtrec: MTREC_VERSION },
  );
  await writeFileAtomic(join(dir, FILES.onnx), onnx);
}

function formatEpoch(tasks: TaskSpec[], trainLoss: Record<string, number>, report: EvalReport): string {
  const losses = Object.entries(trainLoss)
    .map(([p, l]) => `${p} ${fmt(l)}`)
    .join(", ");
  const valid = tasks
    .map((t) => {
      const m = report.tasks[t.name] ?? {};
      return t.type === "binary" ? `${t.name} auc ${fmt(m.auc)}` : `${t.name} mse ${fmt(m.mse)}`;
    })
    .join(", ");
  return `train loss ${losses}; valid ${valid}`;
}

function formatWeights(w: Record<string, number>): string {
  return Object.entries(w)
    .map(([k, v]) => `${k} ${v.toPrecision(3)}`)
    .join(", ");
}

function scalarOf(outputs: Record<string, HostTensor>, name: string): number {
  const t = outputs[name];
  if (!t) throw new MtrecError("INTERNAL", `mtrec: the training step has no output "${name}"`);
  return (t.data as Float32Array)[0] as number;
}

function fmt(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? "n/a" : v.toFixed(4);
}

/** Validates a config object (defaults filled in) and trains it: the library's one-call entry. */
export async function train(config: TrainConfigInput, opts: TrainOptions = {}): Promise<TrainResult> {
  return trainModel(parseTrainConfig(config, "train()"), opts);
}
