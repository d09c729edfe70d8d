import { encode, fitAndEncode } from "../data/encode.js";
import { fitSchema } from "../data/fit.js";
import { describeSchema, inferSchemaExplained } from "../data/infer-schema.js";
import { findLeaks, type Leak } from "../data/leakage.js";
import { describeColumns, open } from "../data/reader.js";
import { sameFile } from "../data/same-file.js";
import { splitIndices, take } from "../data/split.js";
import type { DataSource, EncodedData, FittedSchema, Schema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import type { TrainConfig } from "./config.js";
import { carriedColumns, propensityColumn } from "./funnel-columns.js";
import { tasksOf } from "./model-dir.js";
import { isValidationRow, memorySource, type RowSource, streamSource } from "./row-source.js";

/** The fitted schema and where training and validation rows come from: computed once, reusable across runs. */
export interface PreparedData {
  fitted: FittedSchema;
  tasks: TaskSpec[];
  rows: RowSource;
  /** True when rows are streamed from the file on every epoch instead of held in memory. */
  streamed: boolean;
  /** The encoded rows, when held in memory. */
  memory?: { train: EncodedData; valid: EncodedData };
  inferred?: Schema;
  /** What a run should know but need not stop for; recorded in metrics.json. */
  warnings: RunWarning[];
}

/** An inferred input that gives a binary label away (with `leakage: "warn"`, the default). */
export type RunWarning = { kind: "leakage" } & Leak;

/** Bytes one encoded row takes in memory (typed-array columns). */
function bytesPerRow(f: Schema): number {
  return 4 * (f.sparse.length + f.dense.length + f.labels.length + 1);
}

/**
 * Inputs of an inferred schema that give a label away: a warning by default, since such a
 * column can be a fact known before the label as well as an outcome of it; refused with
 * `leakage: "refuse"` (--strict).
 */
function checkLeaks(
  config: TrainConfig,
  source: DataSource,
  fitted: FittedSchema,
  data: EncodedData,
  warn: (l: string) => void,
): RunWarning[] {
  const leaks = findLeaks(fitted, data);
  if (leaks.length === 0) return [];
  const list = leaks.map((l) => `"${l.feature}" gives "${l.label}" away: ${l.why}`).join("; ");
  const names = [...new Set(leaks.map((l) => l.feature))].join(",");
  const outcome = `If such a column is an outcome of the label (written after it), leave it out with --exclude ${names}`;
  if (config.leakage === "refuse")
    throw new MtrecError(
      "BAD_CONFIG",
      `mtrec: ${source.path}: ${list}. ${outcome}; if it truly is known before the label, train without --strict (config "leakage": "warn") or write the schema in a config.`,
    );
  warn(
    `mtrec: warning: ${source.path}: ${list}. ${outcome}; if it is known before the label, keep it. --strict (config "leakage": "refuse") refuses to train instead.`,
  );
  return leaks.map((l) => ({ kind: "leakage", ...l }));
}

/** The rows of the training file that are held out to validate on, if any. */
function validationRows(
  config: TrainConfig,
  streamed: boolean,
  valid: Int32Array | undefined,
  total: number,
): ((row: number) => boolean) | undefined {
  if (config.valid) return undefined;
  if (streamed) return (row) => isValidationRow(row, config.validFraction);
  const held = new Uint8Array(total);
  for (const row of valid ?? []) held[row] = 1;
  return (row) => held[row] === 1;
}

/** The numeric columns a run carries from a file: a propensity column, the simulator's truth. */
export async function numericFor(config: Pick<TrainConfig, "model">, source: DataSource): Promise<string[]> {
  return carriedColumns(
    config,
    (await describeColumns(source)).map((c) => c.name),
  );
}

/** Writes a warning to stderr: a library caller who passes no `warn` still hears of it. */
function toStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

export async function prepareData(
  config: TrainConfig,
  log: (l: string) => void = () => {},
  warn: (l: string) => void = toStderr,
): Promise<PreparedData> {
  if (!config.data) throw new MtrecError("BAD_CONFIG", "mtrec: no training data: give --data or data.path in the config");
  const source = config.data as DataSource;
  if (config.valid && (await sameFile(source.path, (config.valid as DataSource).path)))
    warn(
      `mtrec: warning: the validation file ${(config.valid as DataSource).path} is the training file: the kept epoch and its metrics are judged on rows the model trained on`,
    );
  let schema: Schema;
  let inferred: Schema | undefined;
  if (config.schema) schema = config.schema as Schema;
  else {
    const {
      schema: made,
      omitted,
      mostlyNumbers,
    } = await inferSchemaExplained(source, config.labels ?? [], {
      group: config.group,
      positive: config.positive,
      // a logged propensity is read by the loss, never an input: it would hand the model P(click)
      exclude: [...(config.exclude ?? []), ...[propensityColumn(config)].filter((c) => c !== undefined)],
      sparse: config.sparse,
      dense: config.dense,
      regression: config.regression,
    });
    inferred = made;
    schema = made;
    log(`inferred schema of ${source.path}:\n${describeSchema(made, omitted)}`);
    for (const { column, share } of mostlyNumbers)
      warn(
        `mtrec: warning: ${source.path}, column "${column}" is read as a category (a vocabulary of its values), though ${(100 * share).toFixed(1)} % of its values are numbers: ` +
          `too many of the others to be strays. If it is a number, --dense ${column} points at the first value that is not; --sparse ${column} keeps it a category without this warning`,
      );
  }
  const total = (await open(source)).rows;
  const { stream, memoryMB, chunkRows } = config.train;
  // the split copies the rows once more, hence twice the encoded size
  const needMB = (2 * total * bytesPerRow(schema)) / 2 ** 20;
  const streamed = stream === "always" || (stream === "auto" && needMB > memoryMB);
  // the split is fixed (seed 0), not the run's seed: runs with different seeds see the same rows
  const split = config.valid || streamed ? undefined : splitIndices(total, config.validFraction, 0);
  // vocabularies and statistics come from the training rows only: the rows a model is judged on never shape its encoding
  const skip = validationRows(config, streamed, split?.valid, total);
  if (streamed) {
    const fitted = await fitSchema(source, schema, { skip });
    const tasks = tasksOf(fitted);
    if (fitted.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${source.path}: no rows to train on`);
    log(`streaming ${source.path} from disk on every epoch (${Math.round(needMB)} MB encoded, above train.memoryMB ${memoryMB})`);
    const numeric = {
      train: await numericFor(config, source),
      valid: config.valid ? await numericFor(config, config.valid as DataSource) : undefined,
    };
    const rows = streamSource(fitted, {
      numeric,
      train: source,
      valid: config.valid as DataSource | undefined,
      validFraction: config.validFraction,
      chunkRows,
      rowsEstimate: total,
    });
    return { fitted, tasks, rows, streamed, inferred, warnings: [] };
  }
  // in memory, the file is read once for fitting and encoding both, its raw cells held within what is left of train.memoryMB
  const { fitted, encoded: all } = await fitAndEncode(source, schema, {
    skip,
    numeric: await numericFor(config, source),
    maxRawMB: memoryMB - needMB,
  });
  const tasks = tasksOf(fitted);
  if (fitted.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${source.path}: no rows to train on`);
  const warnings = inferred ? checkLeaks(config, source, fitted, all, warn) : [];
  let memory: { train: EncodedData; valid: EncodedData };
  if (config.valid) {
    const valid = config.valid as DataSource;
    memory = { train: all, valid: await encode(valid, fitted, { numeric: await numericFor(config, valid) }) };
  } else {
    const rows = split as { train: Int32Array; valid: Int32Array };
    memory = { train: take(all, rows.train), valid: take(all, rows.valid) };
  }
  return { fitted, tasks, rows: memorySource(memory.train, memory.valid), streamed, memory, inferred, warnings };
}
