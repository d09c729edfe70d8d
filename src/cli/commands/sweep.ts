import type { Command } from "commander";
import { nonNegativeInt, positiveInt } from "../options.js";
import { dataOptions, type TrainFlags, trainingOptions } from "./train.js";

export interface SweepFlags extends TrainFlags {
  grid: string;
  samples?: number;
  sampleSeed: number;
  seeds: number;
  queue?: string;
  json?: boolean;
  out?: string;
}

export function registerSweep(program: Command): void {
  const cmd = program
    .command("sweep")
    .description("train over a grid (or random points of it) of any config fields and rank the points by the monitored metric")
    .option("--data <file>", "training data (default: the config's data.path)")
    .requiredOption("--grid <axes>", 'fields and their values: "train.lr=0.001,0.003;model.experts=4,8"')
    .option("--samples <k>", "train k random points of the grid instead of all", positiveInt("--samples"))
    .option("--sample-seed <n>", "seed of the draw of --samples points", nonNegativeInt("--sample-seed"), 1)
    .option("--seeds <n>", "runs per point, seeds 1..n", positiveInt("--seeds"), 3)
    .option("--queue <url>", "run each (point, seed) as a job for `mtrec worker`s on this Redis: redis://HOST:PORT")
    .option("--json", "print JSON: {monitor, points: [{point, values, mean, std}], best, bestConfig}")
    .option("--out <file>", "write the best point's config here (a config for mtrec train --config)")
    .option("--model <type>", "architecture: single, shared-bottom, moe, mmoe, cgc, ple (default: the config's, else mmoe)");
  trainingOptions(dataOptions(cmd)).action(async (f: SweepFlags) => {
    const { runSweep } = await import("./sweep-run.js");
    await runSweep(f);
  });
}
