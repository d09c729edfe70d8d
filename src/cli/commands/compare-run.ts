import { MtrecError } from "../../errors.js";
import { MODEL_TYPES } from "../../models/registry.js";
import type { ModelType } from "../../models/spec.js";
import { type Comparison, compareModels } from "../../train/compare.js";
import { formatComparison } from "../format.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import type { CompareFlags } from "./compare.js";
import { configFrom } from "./config-from.js";

export function parseModels(names: string[]): ModelType[] {
  for (const n of names) {
    if (!(MODEL_TYPES as string[]).includes(n))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: --models names "${n}"; known architectures: ${MODEL_TYPES.join(", ")}`);
  }
  return names as ModelType[];
}

/** `mtrec compare`, loaded when it runs; BullMQ only with --queue, vega only with --report. */
export async function runCompare(f: CompareFlags): Promise<void> {
  if (f.report) await checkOutFile(f.report, "--report");
  const config = await configFrom(f);
  const opts = { models: parseModels(f.models), seeds: f.seeds, log: f.json ? undefined : (l: string) => console.log(l) };
  let c: Comparison;
  if (f.queue) {
    const { compareQueued } = await import("../../queue/compare.js");
    c = await compareQueued(config, { ...opts, url: f.queue, progress: (l) => console.error(l) });
  } else c = await compareModels(config, opts);
  console.log(f.json ? JSON.stringify({ models: c.models, flags: c.flags }) : `\n${formatComparison(c, f.seeds)}`);
  if (f.report) {
    const { compareReport } = await import("../../report/compare-report.js");
    const { writeReport } = await import("../../report/write.js");
    const page = compareReport(c, f.seeds, `mtrec compare on ${config.data?.path}: ${f.models.join(", ")}, seeds 1 to ${f.seeds}`);
    const written = reportWritten(await writeReport(f.report, page));
    // --json keeps stdout one JSON document
    if (f.json) console.error(written);
    else console.log(written);
  }
}
