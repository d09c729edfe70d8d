import type { Command } from "commander";
import { list, positiveInt } from "../options.js";
import { dataOptions, type TrainFlags, trainingOptions } from "./train.js";

export interface CompareFlags extends TrainFlags {
  models: string[];
  seeds: number;
  json?: boolean;
  queue?: string;
  report?: string;
}

export function registerCompare(program: Command): void {
  const cmd = program
    .command("compare")
    .description("train several architectures over several seeds and compare each task's validation metrics")
    .option("--data <file>", "training data (default: the config's data.path)")
    .option("--models <types>", "architectures to compare", list, ["single", "shared-bottom", "mmoe", "ple"])
    .option("--seeds <n>", "runs per architecture, seeds 1..n", positiveInt("--seeds"), 3)
    .option("--json", "print JSON: {models: {<model>: {<task>: {<metric>: {mean, std}}}}, flags}")
    .option("--queue <url>", "run each (architecture, seed) as a job for `mtrec worker`s on this Redis: redis://HOST:PORT")
    .option("--report <file>", "also write an HTML page: each task's metric per architecture, the baseline, the flags");
  trainingOptions(dataOptions(cmd)).action(async (f: CompareFlags) => {
    const { runCompare } = await import("./compare-run.js");
    await runCompare(f);
  });
}
