import { compareReport } from "../../report/compare-report.js";
import { readComparison } from "../../report/reading.js";
import { writeReport } from "../../report/write.js";
import { runDemo } from "../../train/demo.js";
import { runFunnelDemo } from "../../train/demo-funnel.js";
import { formatComparison } from "../format.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import type { DemoFlags } from "./demo.js";

/** `mtrec demo`, loaded when it runs. */
export async function runDemoCommand(o: DemoFlags): Promise<void> {
  await checkOutFile(o.report, "--report");
  const log = (l: string) => console.log(l);
  const c = o.funnel
    ? await runFunnelDemo({
        rows: o.rows === 25_000 ? 100_000 : o.rows,
        selectionBias: o.selectionBias,
        seeds: o.seeds,
        epochs: Math.min(o.epochs, 10),
        threads: o.threads,
        log,
      })
    : await runDemo({ ...o, log });
  console.log(`\n${formatComparison(c, o.seeds)}`);
  const what = o.funnel
    ? `mtrec demo --funnel: ${o.rows === 25_000 ? 100_000 : o.rows} simulated exposures, selection bias ${o.selectionBias}, ${o.seeds} seeds`
    : `mtrec demo: ${o.rows} rows of MMoE-paper synthetic data, task correlation ${o.correlation}, ${o.seeds} seeds`;
  const reading = readComparison(c, o.seeds);
  console.log(`\n${reading.join("\n")}`);
  console.log(reportWritten(await writeReport(o.report, compareReport(c, o.seeds, what))));
}
