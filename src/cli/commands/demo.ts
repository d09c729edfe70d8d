import type { Command } from "commander";
import { runDemo } from "../../train/demo.js";
import { formatComparison } from "../format.js";
import { number, positiveInt } from "../options.js";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("no data needed: MMoE-paper synthetic tasks at a low correlation; shared-bottom vs MoE vs MMoE")
    .option("--rows <n>", "rows to generate", positiveInt("--rows"), 25_000)
    .option("--correlation <p>", "task correlation", number("--correlation", -1, 1), 0.2)
    .option("--seeds <n>", "runs per architecture", positiveInt("--seeds"), 2)
    .option("--epochs <n>", "at most this many passes over the training rows (early stopping may end sooner)", positiveInt("--epochs"), 40)
    .option("--threads <n>", "ONNX Runtime threads (default: all cores)", positiveInt("--threads"))
    .action(async (o: { rows: number; correlation: number; seeds: number; epochs: number; threads?: number }) => {
      const c = await runDemo({ ...o, log: (l) => console.log(l) });
      console.log(`\n${formatComparison(c, o.seeds)}`);
    });
}
