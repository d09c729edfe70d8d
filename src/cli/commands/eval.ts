import type { Command } from "commander";
import { evaluate } from "../../train/evaluate.js";
import { load } from "../../train/load.js";
import { predictSource } from "../../train/predict-source.js";
import { numericFor } from "../../train/prepare.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { expertNamesOf } from "../../train/trainer.js";
import { formatEval } from "../format.js";
import { positiveInt } from "../options.js";
import { type DataFlags, dataOptions, sourceFrom } from "./train.js";

export function registerEval(program: Command): void {
  const cmd = program
    .command("eval")
    .description("evaluate a trained model on labelled data: every metric of every task, and the experts' usage")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "labelled data")
    .option("--group <column>", "a user-id column: adds GAUC per task (default: the model's own --group, if it was trained with one)")
    .option("--json", "print JSON: {tasks: {<task>: {auc, gauc, ks, logloss, meanPred, meanLabel, ...}}, gates, levelGates (PLE)}")
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"));
  dataOptions(cmd).action(async (f: DataFlags & { model: string; data: string; group?: string; json?: boolean; threads?: number }) => {
    const { schema: fitted, model, config: saved, infer } = await load(f.model, { threads: f.threads });
    const source = withTrainingReadOptions(saved.config, sourceFrom(f.data, f));
    const { data, predictions } = await predictSource(infer, fitted, saved.tasks, source, {
      numeric: await numericFor(saved.config, source),
      group: f.group,
    });
    const report = evaluate(saved.tasks, data, predictions, expertNamesOf(model));
    const json = {
      tasks: report.tasks,
      ...(report.gates ? { gates: report.gates } : {}),
      ...(report.levelGates ? { levelGates: report.levelGates } : {}),
      ...(report.cvr ? { cvr: report.cvr } : {}),
    };
    console.log(f.json ? JSON.stringify(json) : formatEval(report));
  });
}
