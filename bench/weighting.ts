import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { meanStd } from "../src/metrics/index.js";
import { parseTrainConfig, type TrainConfig } from "../src/train/config.js";
import { FUNNEL_INPUTS } from "../src/train/demo-funnel.js";
import { prepareData, trainModel } from "../src/train/trainer.js";
import { WEIGHTING_TYPES } from "../src/weighting/registry.js";
import type { BenchResult } from "./result.js";

const ROWS = 100_000;
const SEEDS = 3;
const SWEEP = [1, 0.1, 0.01, 1e-3, 1e-4, 1e-5];

/**
 * Loss weighting on a task pair whose losses live on different scales: click (BCE, ~0.3)
 * and watch time in seconds (MSE in the thousands), from the funnel simulator, MMoE.
 */
export async function weighting(threadCounts: number[]): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-bench-weighting-"));
  try {
    const path = join(dir, "funnel.csv");
    await writeSynthFunnelCsv(path, { rows: ROWS, selectionBias: 0.5, seed: 5 });
    const base = (lossWeighting: unknown, lossWeights: Record<string, number> = {}): TrainConfig =>
      parseTrainConfig(
        {
          data: { path },
          schema: {
            sparse: FUNNEL_INPUTS.map((name) => ({ name, encoding: "vocab" })),
            labels: [
              { name: "click", type: "binary" },
              { name: "watch_time", type: "regression" },
            ],
          },
          model: { type: "mmoe" },
          lossWeighting,
          lossWeights,
          train: { epochs: 4, batchSize: 512, lr: 3e-3, threads: Math.max(...threadCounts), earlyStopping: { task: "click", patience: 2 } },
        },
        "bench weighting",
      );
    const data = await prepareData(base({ type: "static" }));
    const run = async (config: TrainConfig) => {
      const clickAuc: number[] = [];
      const watchTimeR2: number[] = [];
      let trajectory: Record<string, number>[] = [];
      let finalWeights: Record<string, number> = {};
      for (let seed = 1; seed <= SEEDS; seed++) {
        const r = await trainModel({ ...config, train: { ...config.train, seed } }, {}, data);
        clickAuc.push(r.valid.tasks.click?.auc as number);
        watchTimeR2.push(r.valid.tasks.watch_time?.r2 as number);
        if (seed === 1) {
          trajectory = r.history.flatMap((h) => h.weights.trajectory);
          finalWeights = r.history.at(-1)?.weights.last ?? {};
        }
      }
      return { clickAuc: meanStd(clickAuc), watchTimeR2: meanStd(watchTimeR2), finalWeights, trajectory };
    };
    const results: BenchResult["results"] = [];
    for (const type of WEIGHTING_TYPES) {
      results.push({ case: type, mtrec: await run(base({ type })), reference: null, ratio: null });
    }
    for (const w of SWEEP) {
      const r = await run(base({ type: "static" }, { click: 1, watch_time: w }));
      results.push({
        case: `static sweep: click 1, watch_time ${w}`,
        mtrec: { clickAuc: r.clickAuc, watchTimeR2: r.watchTimeR2 },
        reference: null,
        ratio: null,
      });
    }
    return { bench: "weighting", results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
