import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthFunnelCsv } from "../data/synth/funnel.js";
import type { ModelType } from "../models/spec.js";
import { type Comparison, compareModels } from "./compare.js";
import { parseTrainConfig } from "./config.js";

export interface FunnelDemoOptions {
  rows: number;
  selectionBias: number;
  seeds: number;
  epochs: number;
  threads?: number;
  log: (line: string) => void;
}

export const FUNNEL_DEMO_MODELS: ModelType[] = ["cvr-naive", "esmm", "escm2-dr"];

/** The funnel simulator's inputs: what a ranker would know before the exposure. */
export const FUNNEL_INPUTS = ["user_id", "user_segment", "item_id", "item_category", "price_bucket"];

/**
 * A biased click → conversion funnel whose true CVR is known on every exposure: a naive CVR
 * model, ESMM and ESCM²-DR, and how far each one's CVR is from the truth on all exposures.
 */
export async function runFunnelDemo(o: FunnelDemoOptions): Promise<Comparison> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-funnel-demo-"));
  try {
    const path = join(dir, "funnel.csv");
    const rates = await writeSynthFunnelCsv(path, { rows: o.rows, selectionBias: o.selectionBias, seed: 1 });
    o.log(
      `simulated ${o.rows.toLocaleString("en-US")} exposures (selection bias ${o.selectionBias}): CTR ${rates.ctr.toFixed(4)}, ` +
        `CVR ${rates.cvrOnClicks.toFixed(4)} on clicked rows but ${rates.cvrOnExposures.toFixed(4)} on all exposures`,
    );
    const config = parseTrainConfig(
      {
        data: { path },
        schema: {
          sparse: FUNNEL_INPUTS.map((name) => ({ name, encoding: "vocab" })),
          labels: [
            { name: "click", type: "binary" },
            { name: "purchase", type: "binary" },
          ],
        },
        model: { type: "esmm" },
        // as the funnel bench: a larger step makes the mean prediction, and so IEB, swing from epoch to epoch
        train: { epochs: o.epochs, batchSize: 2048, lr: 1e-3, threads: o.threads, earlyStopping: { patience: 2 } },
      },
      "demo --funnel",
    );
    return await compareModels(config, { models: FUNNEL_DEMO_MODELS, seeds: o.seeds, log: o.log });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
