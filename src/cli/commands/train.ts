import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { DataSource } from "../../data/types.js";
import { MtrecError } from "../../errors.js";
import { MODEL_TYPES, parseModelSpec } from "../../models/registry.js";
import type { ModelSpec } from "../../models/spec.js";
import { modelReport } from "../../report/model-report.js";
import { writeReport } from "../../report/write.js";
import { INFERENCE_FIELDS, loadTrainConfig, parseTrainConfig, type TrainConfig } from "../../train/config.js";
import { trainModel } from "../../train/trainer.js";
import { formatEval } from "../format.js";
import { list, number, positiveInt, positiveNumber } from "../options.js";
import { reportWritten } from "../report-written.js";

export interface DataFlags {
  data?: string;
  valid?: string;
  validFraction?: number;
  columns?: string[];
  delimiter?: string;
  header?: boolean;
}

export interface TrainFlags extends DataFlags {
  config?: string;
  labels?: string[];
  group?: string;
  model?: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  threads?: number;
  stream?: boolean;
  positive?: Record<string, string>;
  exclude?: string[];
  sparse?: string[];
  dense?: string[];
  regression?: string[];
  strict?: boolean;
  propensityColumn?: string;
}

/** "income=>50K,married=Never-married" as a map; the first "=" splits, so values may hold "=" or ">". */
function positives(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(v)) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new InvalidArgumentError(`--positive takes task=value pairs, got "${pair}"`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** The file and the read flags given for it; `--columns` alone means the file has no header. */
export function sourceFrom(path: string, f: DataFlags): DataSource {
  const header = f.header ?? (f.columns ? false : undefined);
  return {
    path,
    ...(f.columns ? { columns: f.columns } : {}),
    ...(f.delimiter ? { delimiter: f.delimiter } : {}),
    ...(header !== undefined ? { header } : {}),
  };
}

/** The config a run uses: the file's (if any), with every flag given on the command line laid over it. */
export async function configFrom(f: TrainFlags): Promise<TrainConfig> {
  const base = f.config
    ? await loadTrainConfig(f.config)
    : parseTrainConfig({ labels: f.labels, model: { type: f.model ?? "mmoe" } }, "command line");
  const train = { ...base.train };
  if (f.epochs !== undefined) train.epochs = f.epochs;
  if (f.batchSize !== undefined) train.batchSize = f.batchSize;
  if (f.lr !== undefined) train.lr = f.lr;
  if (f.seed !== undefined) train.seed = f.seed;
  if (f.threads !== undefined) train.threads = f.threads;
  if (f.stream) train.stream = "always";
  const model = f.model && f.config ? parseModelSpec({ ...base.model, type: f.model }) : base.model;
  const inferenceFlags = INFERENCE_FIELDS.filter((k) => f[k] !== undefined).map((k) => `--${k}`);
  if (base.schema && inferenceFlags.length > 0)
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${inferenceFlags.join(", ")} shape${inferenceFlags.length === 1 ? "s" : ""} an inferred schema, but ${f.config} gives "schema" in full, so ${inferenceFlags.length === 1 ? "it" : "they"} would be ignored; make the change in its "schema", or give --labels without a schema`,
    );
  return {
    ...base,
    ...(f.labels && f.config ? { labels: f.labels } : {}),
    ...(f.group ? { group: f.group } : {}),
    ...(f.exclude ? { exclude: f.exclude } : {}),
    ...(f.sparse ? { sparse: f.sparse } : {}),
    ...(f.dense ? { dense: f.dense } : {}),
    ...(f.regression ? { regression: f.regression } : {}),
    ...(f.strict ? { leakage: "refuse" as const } : {}),
    ...(f.positive ? { positive: { ...base.positive, ...f.positive } } : {}),
    model: f.propensityColumn ? withPropensityColumn(model, f.propensityColumn) : model,
    ...(f.data ? { data: sourceFrom(f.data, f) } : {}),
    ...(f.valid ? { valid: sourceFrom(f.valid, f) } : {}),
    ...(f.validFraction !== undefined ? { validFraction: f.validFraction } : {}),
    train,
  };
}

/** The architectures that weigh by inverse propensity, and so can read P(click) from a column. */
const PROPENSITY_TYPES = MODEL_TYPES.filter((type) => "propensity" in parseModelSpec({ type }));

/** `--propensity-column COL`: the config's `propensity: { source: "column", column: COL }`, its other fields kept. */
function withPropensityColumn(model: ModelSpec, column: string): ModelSpec {
  if (!("propensity" in model))
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: --propensity-column: model "${model.type}" has no propensity to read from a column; the models that do: ${PROPENSITY_TYPES.join(", ")}`,
    );
  return parseModelSpec({ ...model, propensity: { ...model.propensity, source: "column", column } }, "--propensity-column");
}

/** Flags every command that reads a data file shares. */
export function dataOptions(cmd: Command): Command {
  return (
    cmd
      .option("--columns <names>", "column names, comma-separated: the file has no header line (unless --header)", list)
      .option("--delimiter <char>", "field separator of a CSV/TSV file (default: detected)")
      // both spellings declared, so neither given leaves the header to --columns or detection
      .option("--header", "the CSV/TSV file's first line names its columns (with --columns: replaced by those names)")
      .option("--no-header", "the CSV/TSV file has no header line")
  );
}

/** Flags of a training run, shared by train and compare. */
export function trainingOptions(cmd: Command): Command {
  return cmd
    .option("--config <file>", "a JSON training config (schema, model, training options)")
    .option("--labels <names>", "label columns, comma-separated; the schema is inferred", list)
    .option("--group <column>", "a user-id column for GAUC (never an input)")
    .option("--exclude <columns>", "columns never to use as inputs when the schema is inferred", list)
    .option("--positive <task=value,...>", 'the value that means 1 for a text label, e.g. "income=>50K"', positives)
    .option("--sparse <columns>", "columns to read as categories (a vocabulary) when the schema is inferred", list)
    .option("--dense <columns>", "columns to read as numbers when the schema is inferred", list)
    .option("--regression <tasks>", "labels to predict as numbers, even when they are nearly all 0/1", list)
    .option("--strict", "refuse to train when an inferred input gives a label away (default: warn)")
    .option("--valid <file>", "validation data (default: a split of --data)")
    .option("--valid-fraction <f>", "share of --data held out for validation", number("--valid-fraction", 0.01, 0.99))
    .option("--epochs <n>", "passes over the training data", positiveInt("--epochs"))
    .option("--batch-size <n>", "rows per step", positiveInt("--batch-size"))
    .option("--lr <rate>", "Adam's learning rate", positiveNumber("--lr"))
    .option("--threads <n>", "ONNX Runtime threads (default: all cores)", positiveInt("--threads"))
    .option("--stream", "read the rows from the file on every epoch instead of holding them in memory (automatic above train.memoryMB)");
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description("train a multi-task ranker and write its model directory")
    .option("--data <file>", "training data (CSV, TSV, Parquet or JSON lines; default: the config's data.path)")
    .requiredOption("--out <dir>", "model directory to write: new, empty, or a model to --overwrite or --resume")
    .option("--model <type>", "architecture: single, shared-bottom, moe, mmoe, cgc, ple (default mmoe)")
    .option("--propensity-column <column>", "IPW/DR models: read P(click) from this column (e.g. truth_ctr) instead of a CTR tower")
    .option("--seed <n>", "seed of every random choice", positiveInt("--seed"))
    .option("--report", "after training, write <out>/report.html: training curves, expert usage, calibration")
    .option(
      "--resume",
      "continue the last checkpoint: an unfinished run's in <out>.partial, else the model's in --out (same data and options)",
    )
    .addOption(
      new Option("--overwrite", "replace the model in --out (once the new one is complete) and any unfinished run into it").conflicts(
        "resume",
      ),
    );
  trainingOptions(dataOptions(cmd)).action(
    async (f: TrainFlags & { out: string; resume?: boolean; overwrite?: boolean; report?: boolean }) => {
      const config = await configFrom(f);
      const r = await trainModel(config, { out: f.out, resume: f.resume, overwrite: f.overwrite, log: (l) => console.log(l) });
      console.log(
        `\nkept epoch ${r.best.epoch} (${r.best.monitor.task} ${r.best.monitor.metric} ${r.best.value.toFixed(4)}); validation:\n`,
      );
      console.log(formatEval(r.valid));
      console.log(`\nwrote ${f.out}`);
      if (f.report) console.log(reportWritten(await writeReport(join(f.out, "report.html"), await modelReport(f.out))));
    },
  );
}
