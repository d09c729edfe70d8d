import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sqlString, withConnection } from "../src/data/duckdb.js";
import { encode } from "../src/data/encode.js";
import { fitSchema } from "../src/data/fit.js";
import { inferSchemaExplained } from "../src/data/infer-schema.js";
import { findLeaks } from "../src/data/leakage.js";
import { open } from "../src/data/reader.js";
import { splitIndices } from "../src/data/split.js";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import type { DataSource } from "../src/data/types.js";
import { parseTrainConfig } from "../src/train/config.js";
import { evaluate } from "../src/train/evaluate.js";
import { expertNamesOf } from "../src/train/expert-names.js";
import { load } from "../src/train/load.js";
import { predictSource } from "../src/train/predict-source.js";
import { numericFor, prepareData } from "../src/train/prepare.js";
import { trainModel } from "../src/train/trainer.js";
import type { BenchResult } from "./result.js";

const exec = promisify(execFile);
const MAIN = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));

const ROWS = 1_000_000;
const LABELS = ["click", "purchase"];
const VALID_FRACTION = 0.2;

/** Seconds `work` takes, and what it returns. */
async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await work();
  return [(performance.now() - t0) / 1000, value];
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function configFor(source: DataSource, threads: number, stream: "auto" | "always") {
  return parseTrainConfig(
    { data: source, labels: LABELS, model: { type: "esmm" }, validFraction: VALID_FRACTION, train: { epochs: 1, threads, stream } },
    "bench data",
  );
}

/** Seconds a whole `mtrec` command takes as a user runs it (its own process, module loading included): the fastest of three runs. */
async function command(args: string[]): Promise<number> {
  // the fastest of three: one run is at the mercy of whatever else wakes on 2 cores, and the
  // epoch is a difference of two such times
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < COMMAND_RUNS; run++) {
    const [seconds] = await timed(() => exec(process.execPath, [MAIN, ...args], { maxBuffer: 1 << 26 }));
    best = Math.min(best, seconds);
  }
  return best;
}

const COMMAND_RUNS = 3;

/**
 * The issue's own measure, on whole commands as a user runs them: `mtrec train` with one epoch
 * and with two; the second epoch (training, validation, checkpoint) costs the difference, and
 * one run less that epoch is everything else a user waits for (module loading, reading,
 * inference, fitting, encoding, compiling, saving). And `mtrec eval` as a command.
 */
async function commands(source: DataSource, dir: string, threads: number) {
  const out = join(dir, "command-model");
  const trainFor = (epochs: number) =>
    command([
      "train",
      "--data",
      source.path,
      "--labels",
      LABELS.join(","),
      "--model",
      "esmm",
      "--epochs",
      String(epochs),
      "--valid-fraction",
      String(VALID_FRACTION),
      "--threads",
      String(threads),
      "--out",
      out,
      "--overwrite",
    ]);
  const twoEpochs = await trainFor(2);
  const oneEpoch = await trainFor(1);
  const epoch = twoEpochs - oneEpoch;
  const evalSeconds = await command(["eval", "--model", out, "--data", source.path, "--json", "--threads", String(threads)]);
  return { trainOneEpoch: oneEpoch, trainTwoEpochs: twoEpochs, epoch, allButEpochs: oneEpoch - epoch, eval: evalSeconds };
}

/**
 * Each phase of reading one file, timed apart in the order `mtrec train` runs them (the file's
 * layout is opened afresh for each format), then `mtrec train`'s whole preparation, one epoch
 * in memory (the reference), one streamed epoch, and `mtrec eval` of the file.
 */
async function phases(source: DataSource, dir: string, threads: number): Promise<BenchResult["results"][number]> {
  const [openS, opened] = await timed(() => open(source));
  const [inferS, { schema }] = await timed(() => inferSchemaExplained(source, LABELS));
  const split = splitIndices(opened.rows, VALID_FRACTION, 0);
  const held = new Uint8Array(opened.rows);
  for (const row of split.valid) held[row] = 1;
  const [fitS, fitted] = await timed(() => fitSchema(source, schema, { skip: (row) => held[row] === 1 }));
  const config = configFor(source, threads, "auto");
  const [encodeS, all] = await timed(async () => encode(source, fitted, { numeric: await numericFor(config, source) }));
  const [leakageS] = await timed(async () => findLeaks(fitted, all));
  const [prepareS, prepared] = await timed(() =>
    prepareData(
      config,
      () => {},
      () => {},
    ),
  );
  const out = join(dir, `model-${opened.format}`);
  const trained = await trainModel(config, { out, warn: () => {} }, prepared);
  const epochS = trained.history[0]?.seconds as number;
  const streamed = await trainModel(configFor(source, threads, "always"), { warn: () => {} });
  const streamedEpochS = streamed.history[0]?.seconds as number;
  const [evalS] = await timed(async () => {
    const { schema: saved, model, config: savedConfig, infer } = await load(out, { threads });
    const { data, predictions } = await predictSource(infer, saved, savedConfig.tasks, source, {
      numeric: await numericFor(savedConfig.config, source),
    });
    return evaluate(savedConfig.tasks, data, predictions, expertNamesOf(model));
  });
  const whole = await commands(source, dir, threads);
  const rowsPerSec = (s: number) => Math.round(opened.rows / s);
  const seconds = {
    open: openS,
    infer: inferS,
    fit: fitS,
    encode: encodeS,
    leakage: leakageS,
    prepare: prepareS,
    epoch: epochS,
    streamedEpoch: streamedEpochS,
    eval: evalS,
  };
  return {
    case: `${opened.format}, ${opened.rows.toLocaleString("en-US")} rows of mtrec synth funnel: mtrec train's preparation (everything but the epochs) against one epoch`,
    mtrec: {
      seconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, round(v)])),
      rowsPerSec: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, rowsPerSec(v)])),
      evalUnder2s: evalS < 2,
      commands: Object.fromEntries(Object.entries(whole).map(([k, v]) => [k, round(v)])),
      commandRatio: round(whole.epoch / whole.allButEpochs),
      evalCommandUnder2s: whole.eval < 2,
    },
    reference: { what: "the training of one in-memory epoch of ESMM (its validation not counted)", seconds: round(epochS) },
    ratio: round(epochS / prepareS),
  };
}

/**
 * The data path on 1M simulated funnel rows, as CSV and as Parquet: rows per second of each
 * phase (open, infer, fit, encode, the leakage check, the whole preparation, an epoch in
 * memory and streamed, eval). `ratio` is one epoch's time over the preparation's: at 1 or
 * above, reading the data costs no more than an epoch of training on it.
 */
export async function data(threadCounts: number[]): Promise<BenchResult> {
  const threads = Math.max(...threadCounts);
  const dir = await mkdtemp(join(tmpdir(), "mtrec-bench-data-"));
  try {
    const csv = join(dir, "funnel.csv");
    const parquet = join(dir, "funnel.parquet");
    await writeSynthFunnelCsv(csv, { rows: ROWS, seed: 1 });
    await withConnection((c) => c.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(parquet)} (FORMAT parquet)`));
    const results = [await phases({ path: csv }, dir, threads), await phases({ path: parquet }, dir, threads)];
    return { bench: "data", results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
