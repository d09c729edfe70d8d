#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { ERROR_CODES, MtrecError } from "../errors.js";
import { runDemo } from "../train/demo.js";

function positiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number ≥ 1, got "${v}"`);
    return n;
  };
}

const program = new Command();
program.name("mtrec").description("Multi-task and multi-objective recommendation, trained by ONNX Runtime.").version("0.1.0");

program
  .command("demo")
  .description("train a click model on generated logs with known click probabilities, and report how close it gets")
  .option("--rows <n>", "rows to generate", positiveInt("--rows"), 200_000)
  .option("--epochs <n>", "passes over the training rows", positiveInt("--epochs"), 3)
  .option("--batch-size <n>", "rows per step", positiveInt("--batch-size"), 1024)
  .option("--threads <n>", "ONNX Runtime threads (default: all cores)", positiveInt("--threads"))
  .option("--seed <n>", "seed of every random choice", positiveInt("--seed"), 1)
  .action(async (o: { rows: number; epochs: number; batchSize: number; threads?: number; seed: number }) => {
    await runDemo({ ...o, log: (line) => console.log(line) });
  });

program.parseAsync().catch((e: unknown) => {
  if (e instanceof MtrecError) {
    console.error(e.message);
    process.exit(e.exitCode);
  }
  // anything else is a bug in mtrec: show where
  console.error(`mtrec (internal error): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(ERROR_CODES.INTERNAL.exit);
});
