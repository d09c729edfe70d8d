import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { meanStd } from "../src/metrics/index.js";
import { compareModels } from "../src/train/compare.js";
import { parseTrainConfig, type TrainConfig } from "../src/train/config.js";
import { prepareData } from "../src/train/trainer.js";
import { encodedCsv } from "./encoded-csv.js";
import { runReference } from "./reference.js";
import type { BenchResult } from "./result.js";
import { ADULT_DATA, sharedFile } from "./shared-data.js";

const COLUMNS = [
  "age",
  "workclass",
  "fnlwgt",
  "education",
  "education_num",
  "marital_status",
  "occupation",
  "relationship",
  "race",
  "sex",
  "capital_gain",
  "capital_loss",
  "hours_per_week",
  "native_country",
  "income",
];
const SEEDS = 3;
const MODELS = ["single", "shared-bottom", "mmoe", "ple"] as const;

/**
 * The census experiment of the MMoE paper on UCI Adult: income > 50K and never-married as
 * two binary tasks, neither label column an input; a fixed 80/20 split (seed 0).
 */
export function adultConfig(threads?: number): TrainConfig {
  return parseTrainConfig(
    {
      data: { path: sharedFile("adult", ADULT_DATA), columns: COLUMNS },
      schema: {
        sparse: ["workclass", "education", "occupation", "relationship", "race", "sex", "native_country"].map((name) => ({
          name,
          encoding: "vocab",
        })),
        dense: ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"].map((name) => ({ name })),
        labels: [
          { name: "income", column: "income", type: "binary", positive: ">50K" },
          { name: "never_married", column: "marital_status", type: "binary", positive: "Never-married" },
        ],
      },
      model: { type: "mmoe", experts: 4, expertHidden: [64, 32], towerHidden: [32] },
      embedding: { dim: 8 },
      train: { epochs: 12, batchSize: 256, lr: 1e-3, threads, earlyStopping: { patience: 2 } },
    },
    "adult",
  );
}

export async function adult(threadCounts: number[]): Promise<BenchResult> {
  const config = adultConfig(Math.max(...threadCounts));
  const comparison = await compareModels(config, { models: [...MODELS], seeds: SEEDS });
  const data = await prepareData(config);
  const rows = data.memory;
  if (!rows) throw new Error("adult: expected the rows in memory");
  const dir = await mkdtemp(join(tmpdir(), "mtrec-adult-"));
  let reference: Record<string, unknown> | null;
  try {
    const sparse = data.fitted.sparse.length;
    const dense = data.fitted.dense.length;
    await writeFile(join(dir, "train.csv"), encodedCsv(rows.train, sparse, dense));
    await writeFile(join(dir, "valid.csv"), encodedCsv(rows.valid, sparse, dense));
    reference = await runReference("adult_mmoe.py", [
      `--train=${join(dir, "train.csv")}`,
      `--valid=${join(dir, "valid.csv")}`,
      `--cardinalities=${data.fitted.cardinalities.join(",")}`,
      `--seeds=${SEEDS}`,
      `--epochs=${config.train.epochs}`,
      `--batch=${config.train.batchSize}`,
      `--lr=${config.train.lr}`,
      `--patience=${config.train.earlyStopping.patience}`,
      `--init=${config.model.init}`,
      `--embedding-std=${config.embedding.std}`,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const results: BenchResult["results"] = [];
  for (const task of ["income", "never_married"]) {
    const aucs = Object.fromEntries(MODELS.map((m) => [m, comparison.models[m]?.[task]?.auc]));
    const ours = comparison.models.mmoe?.[task]?.auc;
    const theirs = (reference?.auc as Record<string, number[]> | undefined)?.[task];
    const ref = theirs ? meanStd(theirs) : null;
    results.push({
      case: `UCI Adult, task ${task}: validation AUC over ${SEEDS} seeds (mtrec: every model; reference: PyTorch MMoE, same split and preprocessing)`,
      mtrec: { auc: aucs, rows: { train: rows.train.rows, valid: rows.valid.rows } },
      reference: ref && ours ? { mmoe: ref, runs: theirs, torch: reference?.torch, mtrecMinusReference: ours.mean - ref.mean } : null,
      ratio: ref && ours ? Math.round((ours.mean / ref.mean) * 10000) / 10000 : null,
    });
  }
  return { bench: "adult", results };
}
