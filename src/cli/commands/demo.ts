import type { Command } from "commander";
import { number, positiveInt } from "../options.js";

export interface DemoFlags {
  rows: number;
  correlation: number;
  seeds: number;
  epochs: number;
  threads?: number;
  funnel?: boolean;
  selectionBias: number;
  report: string;
}

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
    .action(async (o: DemoFlags) => {
      const { runDemoCommand } = await import("./demo-run.js");
      await runDemoCommand(o);
    });
}
