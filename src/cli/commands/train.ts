import { type Command, InvalidArgumentError, Option } from "commander";
import type { DataSource } from "../../data/types.js";
import { list, nonNegativeInt, number, positiveInt, positiveNumber } from "../options.js";

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

export interface TrainRunFlags extends TrainFlags {
  out: string;
  resume?: boolean;
  overwrite?: boolean;
  report?: boolean;
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description("train a multi-task ranker and write its model directory")
    .option("--data <file>", "training data (CSV, TSV, Parquet or JSON lines; default: the config's data.path)")
    .requiredOption("--out <dir>", "model directory to write: new, empty, or a model to --overwrite or --resume")
    .option("--model <type>", "architecture: single, shared-bottom, moe, mmoe, cgc, ple (default mmoe)")
    .option("--propensity-column <column>", "IPW/DR models: read P(click) from this column (e.g. truth_ctr) instead of a CTR tower")
    .option("--seed <n>", "seed of every random choice", nonNegativeInt("--seed"))
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
  trainingOptions(dataOptions(cmd)).action(async (f: TrainRunFlags) => {
    // DuckDB sniffs and counts --data on its own threads while the trainer's modules load (a
    // third of a second); the run's own open of the same file waits for this one
    if (f.data) (await import("../../data/reader.js")).open(sourceFrom(f.data, f)).catch(() => {});
    const { runTrain } = await import("./train-run.js");
    await runTrain(f);
  });
}
