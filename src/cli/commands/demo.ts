import type { Command } from "commander";
import { compareReport } from "../../report/compare-report.js";
import { readComparison } from "../../report/reading.js";
import { writeReport } from "../../report/write.js";
import { runDemo } from "../../train/demo.js";
import { runFunnelDemo } from "../../train/demo-funnel.js";
import { formatComparison } from "../format.js";
import { number, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("no data needed: MMoE-paper synthetic tasks at a low correlation; shared-bottom vs MoE vs MMoE")
    .option("--rows <n>", "rows to generate", positiveInt("--rows"), 25_000)
    .option("--correlation <p>", "task correlation", number("--correlation", -1, 1), 0.2)
    .option("--seeds <n>", "runs per architecture", positiveInt("--seeds"), 2)
    .option("--epochs <n>", "at most this many passes over the training rows (early stopping may end sooner)", positiveInt("--epochs"), 40)
    .option("--threads <n>", "ONNX Runtime threads (default: all cores)", positiveInt("--threads"))
    .option(
      "--funnel",
      "instead: a simulated click → conversion funnel with selection bias; cvr-naive vs ESMM vs ESCM²-DR and their CVR bias",
    )
    .option("--selection-bias <b>", "with --funnel: selection bias from 0 to 1", number("--selection-bias", 0, 1), 1)
    .option("--report <file>", "the HTML report written at the end", "mtrec-demo-report.html")
    .action(
      async (o: {
        rows: number;
        correlation: number;
        seeds: number;
        epochs: number;
        threads?: number;
        funnel?: boolean;
        selectionBias: number;
        report: string;
      }) => {
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
      },
    );
}
