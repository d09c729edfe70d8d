import type { Command } from "commander";
import { MtrecError } from "../../errors.js";
import { MODEL_TYPES } from "../../models/registry.js";
import type { ModelType } from "../../models/spec.js";
import { compareQueued } from "../../queue/compare.js";
import { compareReport } from "../../report/compare-report.js";
import { writeReport } from "../../report/write.js";
import { compareModels } from "../../train/compare.js";
import { formatComparison } from "../format.js";
import { list, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { configFrom, dataOptions, type TrainFlags, trainingOptions } from "./train.js";

export function parseModels(names: string[]): ModelType[] {
  for (const n of names) {
    if (!(MODEL_TYPES as string[]).includes(n))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: --models names "${n}"; known architectures: ${MODEL_TYPES.join(", ")}`);
  }
  return names as ModelType[];
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
  trainingOptions(dataOptions(cmd)).action(
    async (f: TrainFlags & { models: string[]; seeds: number; json?: boolean; queue?: string; report?: string }) => {
      if (f.report) await checkOutFile(f.report, "--report");
      const config = await configFrom(f);
      const opts = { models: parseModels(f.models), seeds: f.seeds, log: f.json ? undefined : (l: string) => console.log(l) };
      const c = f.queue
        ? await compareQueued(config, { ...opts, url: f.queue, progress: (l) => console.error(l) })
        : await compareModels(config, opts);
      console.log(f.json ? JSON.stringify({ models: c.models, flags: c.flags }) : `\n${formatComparison(c, f.seeds)}`);
      if (f.report) {
        const page = compareReport(c, f.seeds, `mtrec compare on ${config.data?.path}: ${f.models.join(", ")}, seeds 1 to ${f.seeds}`);
        const written = reportWritten(await writeReport(f.report, page));
        // --json keeps stdout one JSON document
        if (f.json) console.error(written);
        else console.log(written);
      }
    },
  );
}
