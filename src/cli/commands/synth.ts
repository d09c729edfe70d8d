import type { Command } from "commander";
import { writeSynthMmoeCsv } from "../../data/synth/mmoe.js";
import { nonNegativeInt, number, positiveInt } from "../options.js";

export function registerSynth(program: Command): void {
  const synth = program.command("synth").description("generate data sets with known structure");
  synth
    .command("mmoe")
    .description("the MMoE paper's two regression tasks with a chosen correlation (Ma et al., KDD 2018)")
    .requiredOption("--out <file>", "CSV to write (columns x0..x99, y1, y2)")
    .option("--rows <n>", "rows", positiveInt("--rows"), 10_000)
    .option("--correlation <p>", "correlation of the tasks' linear parts, in [-1, 1]", number("--correlation", -1, 1), 0.5)
    .option("--seed <n>", "seed of the task parameters and the rows", nonNegativeInt("--seed"), 1)
    .option(
      "--preset <name>",
      "generator parameters: reproduction (c 0.3, m 5, α β ~ N(0,1)) or integer (c 1, m 10, α_i = i, β_i = i²)",
      "reproduction",
    )
    .action(async (f: { out: string; rows: number; correlation: number; seed: number; preset: string }) => {
      await writeSynthMmoeCsv(f.out, {
        rows: f.rows,
        correlation: f.correlation,
        seed: f.seed,
        preset: f.preset as "reproduction" | "integer",
      });
      console.log(`wrote ${f.rows.toLocaleString("en-US")} rows to ${f.out}`);
    });
}
