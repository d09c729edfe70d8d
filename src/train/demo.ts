import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthMmoeCsv } from "../data/synth/mmoe.js";
import { type Comparison, compareModels } from "./compare.js";
import { parseTrainConfig } from "./config.js";

export interface DemoOptions {
  rows: number;
  correlation: number;
  seeds: number;
  epochs: number;
  threads?: number;
  log: (line: string) => void;
}

export const DEMO_MODELS = ["shared-bottom", "moe", "mmoe"] as const;

/**
 * The MMoE paper's sizes for its synthetic experiment: 8 experts of 16 units, towers of 8,
 * and a shared bottom 113 wide so the three models have about as many parameters.
 */
export const MMOE_PAPER_SPECS = {
  "shared-bottom": { bottomHidden: [113], towerHidden: [8] },
  moe: { experts: 8, expertHidden: [16], towerHidden: [8] },
  mmoe: { experts: 8, expertHidden: [16], towerHidden: [8] },
};

/**
 * The main job on built-in data: the MMoE paper's synthetic two-task regression at a low
 * task correlation, shared-bottom against MoE and MMoE, validation MSE per task.
 */
export async function runDemo(o: DemoOptions): Promise<Comparison> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-demo-"));
  try {
    const path = join(dir, "mmoe.csv");
    await writeSynthMmoeCsv(path, { rows: o.rows, correlation: o.correlation, seed: 1, preset: "reproduction" });
    o.log(
      `generated ${o.rows.toLocaleString("en-US")} rows of MMoE-paper data (two regression tasks, correlation ${o.correlation}); 20 % held out`,
    );
    const config = parseTrainConfig(
      {
        data: { path },
        // the schema is known: no need to infer and print a hundred columns
        schema: {
          dense: Array.from({ length: 100 }, (_, i) => ({ name: `x${i}` })),
          labels: [
            { name: "y1", type: "regression" },
            { name: "y2", type: "regression" },
          ],
        },
        model: { type: "mmoe" },
        train: { epochs: o.epochs, batchSize: 128, lr: 2e-3, threads: o.threads, earlyStopping: { patience: 4 } },
      },
      "demo",
    );
    return await compareModels(config, { models: [...DEMO_MODELS], seeds: o.seeds, log: o.log, specs: MMOE_PAPER_SPECS });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
