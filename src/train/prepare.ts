import { encode } from "../data/encode.js";
import { fitSchema } from "../data/fit.js";
import { describeSchema, inferSchema } from "../data/infer-schema.js";
import { findLeaks } from "../data/leakage.js";
import { describeColumns } from "../data/reader.js";
import { splitIndices, take } from "../data/split.js";
import type { DataSource, EncodedData, FittedSchema, Schema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { TaskSpec } from "../models/types.js";
import type { TrainConfig } from "./config.js";
import { carriedColumns } from "./funnel-columns.js";
import { tasksOf } from "./model-dir.js";
import { memorySource, type RowSource, streamSource } from "./row-source.js";

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
}

/** Bytes one encoded row takes in memory (typed-array columns). */
function bytesPerRow(f: FittedSchema): number {
  return 4 * (f.sparse.length + f.dense.length + f.labels.length + 1);
}

function refuseLeaks(source: DataSource, fitted: FittedSchema, data: EncodedData): void {
  const leaks = findLeaks(fitted, data);
  if (leaks.length === 0) return;
  const list = leaks.map((l) => `"${l.feature}" gives "${l.label}" away (AUC ${l.auc.toFixed(3)})`).join("; ");
  const names = [...new Set(leaks.map((l) => l.feature))].join(",");
  throw new MtrecError(
    "BAD_CONFIG",
    `mtrec: ${source.path}: ${list}. Such a column is an outcome of the label, not an input: leave it out with --exclude ${names}, or write the schema in a config if it truly is known before the label.`,
  );
}

/** The numeric columns a run carries from a file: a propensity column, the simulator's truth. */
export async function numericFor(config: Pick<TrainConfig, "model">, source: DataSource): Promise<string[]> {
  return carriedColumns(
    config,
    (await describeColumns(source)).map((c) => c.name),
  );
}

export async function prepareData(config: TrainConfig, log: (l: string) => void = () => {}): Promise<PreparedData> {
  if (!config.data) throw new MtrecError("BAD_CONFIG", "mtrec: no training data: give --data or data.path in the config");
  const source = config.data as DataSource;
  let schema: Schema;
  let inferred: Schema | undefined;
  if (config.schema) schema = config.schema as Schema;
  else {
    inferred = await inferSchema(source, config.labels ?? [], { group: config.group, positive: config.positive, exclude: config.exclude });
    schema = inferred;
    log(`inferred schema of ${source.path}:\n${describeSchema(inferred)}`);
  }
  // Vocabularies and statistics come from the training file; with a split they also see
  // the validation rows' values (never their labels), a mild optimism the docs state.
  const fitted = await fitSchema(source, schema);
  const tasks = tasksOf(fitted);
  if (fitted.rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${source.path}: no rows to train on`);
  const { stream, memoryMB, chunkRows } = config.train;
  // the split copies the rows once more, hence twice the encoded size
  const needMB = (2 * fitted.rows * bytesPerRow(fitted)) / 2 ** 20;
  const streamed = stream === "always" || (stream === "auto" && needMB > memoryMB);
  if (streamed) {
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
      rowsEstimate: fitted.rows,
    });
    return { fitted, tasks, rows, streamed, inferred };
  }
  const all = await encode(source, fitted, { numeric: await numericFor(config, source) });
  if (inferred) refuseLeaks(source, fitted, all);
  let memory: { train: EncodedData; valid: EncodedData };
  if (config.valid) {
    const valid = config.valid as DataSource;
    memory = { train: all, valid: await encode(valid, fitted, { numeric: await numericFor(config, valid) }) };
  } else {
    // the split is fixed (seed 0), not the run's seed: runs with different seeds see the same rows
    const split = splitIndices(all.rows, config.validFraction, 0);
    memory = { train: take(all, split.train), valid: take(all, split.valid) };
  }
  return { fitted, tasks, rows: memorySource(memory.train, memory.valid), streamed, memory, inferred };
}
