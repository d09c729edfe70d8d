import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { compareModels } from "../src/train/compare.js";
import { parseTrainConfig } from "../src/train/config.js";
import { MMOE_PAPER_SPECS } from "../src/train/demo.js";
import { prepareData } from "../src/train/trainer.js";
import { encodedCsv } from "./encoded-csv.js";
import { runReference } from "./reference.js";
import type { BenchResult } from "./result.js";

const MODELS = ["shared-bottom", "mmoe"] as const;
const TASKS = ["y1", "y2"];
const SEEDS = 3;
const EPOCHS = 30;

/**
 * Training parity with PyTorch: the same architectures (the MMoE paper's sizes), the same
 * rows (mtrec's encoded split, written for the reference) and the same rules (Adam 1e-3,
 * batch 256, 30 epochs, the best epoch by mean validation MSE kept) on `mtrec synth mmoe`
 * data. The reference trains each model with `nn.Linear`'s default initialisation and again
 * with mtrec's former one (He normal), so a gap can be traced to the initialisation.
 */
export async function parity(threadCounts: number[]): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-parity-"));
  try {
    const path = join(dir, "mmoe.csv");
    await writeSynthMmoeCsv(path, { rows: 25_000, correlation: 0.5, seed: 7, preset: "reproduction" });
    const config = parseTrainConfig(
      {
        data: { path },
        labels: TASKS,
        model: { type: "mmoe" },
        // patience as long as the run: all 30 epochs train and the best one is kept
        train: { epochs: EPOCHS, batchSize: 256, lr: 1e-3, threads: Math.min(...threadCounts), earlyStopping: { patience: EPOCHS } },
      },
      "parity",
    );
    const c = await compareModels(config, { models: [...MODELS], seeds: SEEDS, specs: MMOE_PAPER_SPECS });
    const data = await prepareData(config);
    const rows = data.memory;
    if (!rows) throw new Error("parity: expected the rows in memory");
    const dense = data.fitted.dense.length;
    await writeFile(join(dir, "train.csv"), encodedCsv(rows.train, 0, dense));
    await writeFile(join(dir, "valid.csv"), encodedCsv(rows.valid, 0, dense));
    const reference = await runReference("mmoe_synthetic_parity.py", [
      `--train=${join(dir, "train.csv")}`,
      `--valid=${join(dir, "valid.csv")}`,
      `--seeds=${SEEDS}`,
      `--epochs=${EPOCHS}`,
      `--batch=${config.train.batchSize}`,
      `--lr=${config.train.lr}`,
    ]);
    const results: BenchResult["results"] = [];
    for (const model of MODELS) {
      const perTask = Object.fromEntries(TASKS.map((t) => [t, c.models[model]?.[t]?.mse]));
      const mtrec = mean(TASKS.map((t) => c.models[model]?.[t]?.mse?.mean ?? Number.NaN));
      const theirs = (reference?.mse as Record<string, Record<string, number[][]>> | undefined)?.[model];
      const byInit = theirs ? Object.fromEntries(Object.entries(theirs).map(([init, runs]) => [init, mean(runs.map(mean))])) : undefined;
      results.push({
        case: `${model}, mtrec synth mmoe (reproduction, p 0.5, 25,000 rows): validation MSE, mean of y1 and y2 over ${SEEDS} seeds (ratio: mtrec / PyTorch with nn.Linear's default init; above 1, mtrec is worse)`,
        mtrec: { mse: round(mtrec), perTask },
        reference: byInit
          ? { mse: round(byInit.pytorch ?? Number.NaN), byInit: mapRound(byInit), runs: theirs, torch: reference?.torch }
          : null,
        ratio: byInit?.pytorch ? round(mtrec / byInit.pytorch, 4) : null,
      });
    }
    return { bench: "parity", results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function round(x: number, digits = 6): number {
  return Number(x.toPrecision(digits));
}

function mapRound(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}
