import type { Command } from "commander";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { describePoint, parseGrid } from "../../queue/sweep/grid.js";
import { type SweepResult, sweep } from "../../queue/sweep/sweep.js";
import { nonNegativeInt, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { configFrom, dataOptions, type TrainFlags, trainingOptions } from "./train.js";

interface SweepFlags extends TrainFlags {
  grid: string;
  samples?: number;
  sampleSeed: number;
  seeds: number;
  queue?: string;
  json?: boolean;
  out?: string;
}

function formatSweep(s: SweepResult): string {
  const names = s.points.map((p) => describePoint(p.point));
  const width = Math.max(5, ...names.map((n) => n.length));
  const metric = `${s.monitor.task === "*" ? "mean over tasks of" : s.monitor.task} ${s.monitor.metric} (${s.monitor.higherIsBetter ? "higher" : "lower"} is better)`;
  const rows = s.points.map(
    (p, i) => `${(names[i] as string).padEnd(width)}  ${p.mean.toFixed(4)} ± ${p.std.toFixed(4)}${i === s.best ? "  best" : ""}`,
  );
  return [`${"point".padEnd(width)}  ${metric}, mean ± std over ${s.points[0]?.values.length ?? 0} seeds`, ...rows].join("\n");
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
    const grid = parseGrid(f.grid);
    if (f.out) await checkOutFile(f.out);
    const config = await configFrom(f);
    const s = await sweep(config, {
      grid,
      samples: f.samples,
      sampleSeed: f.sampleSeed,
      seeds: f.seeds,
      queue: f.queue,
      log: f.json ? undefined : (l) => console.log(l),
      progress: (l) => console.error(l),
    });
    if (f.out) await writeFileAtomic(f.out, `${JSON.stringify(s.bestConfig, null, 2)}\n`);
    if (f.json) console.log(JSON.stringify(s));
    else {
      console.log(`\n${formatSweep(s)}`);
      console.log(`\nbest: ${describePoint(s.points[s.best]?.point ?? {})}${f.out ? `; its config written to ${f.out}` : ""}`);
    }
  });
}
