import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthMmoeCsv } from "../src/data/synth/mmoe.js";
import { compareModels } from "../src/train/compare.js";
import { parseTrainConfig } from "../src/train/config.js";
import { MMOE_PAPER_SPECS } from "../src/train/demo.js";
import type { BenchResult } from "./result.js";

const CORRELATIONS = [1.0, 0.9, 0.5, 0.0];
const PRESETS = ["reproduction", "integer"] as const;
const MODELS = ["shared-bottom", "moe", "mmoe"] as const;
const ROWS = 25_000; // 20,000 to train, 5,000 to validate
const SEEDS = 5;

/**
 * The MMoE paper's synthetic experiment (Ma et al., KDD 2018, section 4): validation MSE
 * per task of shared-bottom, one-gate MoE and MMoE as the tasks' correlation falls, on both
 * generator presets, with the paper's model sizes.
 */
export async function mmoeSynthetic(threadCounts: number[]): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-mmoe-synthetic-"));
  const results: BenchResult["results"] = [];
  try {
    for (const preset of PRESETS) {
      for (const correlation of CORRELATIONS) {
        const path = join(dir, `${preset}-${correlation}.csv`);
        await writeSynthMmoeCsv(path, { rows: ROWS, correlation, seed: 7, preset });
        const config = parseTrainConfig(
          {
            data: { path },
            labels: ["y1", "y2"],
            model: { type: "mmoe" },
            train: { epochs: 60, batchSize: 128, lr: 2e-3, threads: Math.min(...threadCounts), earlyStopping: { patience: 5 } },
          },
          "mmoe-synthetic",
        );
        const c = await compareModels(config, { models: [...MODELS], seeds: SEEDS, specs: MMOE_PAPER_SPECS });
        for (const task of ["y1", "y2"]) {
          const mse = Object.fromEntries(MODELS.map((type) => [type, c.models[type]?.[task]?.mse]));
          results.push({
            case: `preset ${preset}, correlation ${correlation}, task ${task}: validation MSE over ${SEEDS} seeds`,
            mtrec: mse,
            reference: null,
            ratio: null,
          });
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { bench: "mmoe-synthetic", results };
}
