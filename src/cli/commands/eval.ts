import type { Command } from "commander";
import { positiveInt } from "../options.js";
import { type DataFlags, dataOptions } from "./train.js";

export interface EvalFlags extends DataFlags {
  model: string;
  data: string;
  group?: string;
  json?: boolean;
  threads?: number;
}

export function registerEval(program: Command): void {
  const cmd = program
    .command("eval")
    .description("evaluate a trained model on labelled data: every metric of every task, and the experts' usage")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "labelled data")
    .option("--group <column>", "a user-id column: adds GAUC per task (default: the model's own --group, if it was trained with one)")
    .option("--json", "print JSON: {tasks: {<task>: {auc, gauc, ks, logloss, meanPred, meanLabel, ...}}, gates, levelGates (PLE)}")
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"));
  dataOptions(cmd).action(async (f: EvalFlags) => {
    const { runEval } = await import("./eval-run.js");
    await runEval(f);
  });
}
