import { join } from "node:path";
import { trainModel } from "../../train/trainer.js";
import { formatEval } from "../format.js";
import { reportWritten } from "../report-written.js";
import { configFrom } from "./config-from.js";
import type { TrainRunFlags } from "./train.js";

/** `mtrec train`, loaded when it runs: the trainer brings DuckDB and ONNX Runtime; vega only with --report. */
export async function runTrain(f: TrainRunFlags): Promise<void> {
  const config = await configFrom(f);
  const r = await trainModel(config, { out: f.out, resume: f.resume, overwrite: f.overwrite, log: (l) => console.log(l) });
  console.log(`\nkept epoch ${r.best.epoch} (${r.best.monitor.task} ${r.best.monitor.metric} ${r.best.value.toFixed(4)}); validation:\n`);
  console.log(formatEval(r.valid));
  console.log(`\nwrote ${f.out}`);
  if (f.report) {
    const { modelReport } = await import("../../report/model-report.js");
    const { writeReport } = await import("../../report/write.js");
    console.log(reportWritten(await writeReport(join(f.out, "report.html"), await modelReport(f.out))));
  }
}
