import { evaluate } from "../../train/evaluate.js";
import { load } from "../../train/load.js";
import { predictSource } from "../../train/predict-source.js";
import { numericFor } from "../../train/prepare.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { expertNamesOf } from "../../train/trainer.js";
import { formatEval } from "../format.js";
import type { EvalFlags } from "./eval.js";
import { sourceFrom } from "./train.js";

/** `mtrec eval`, loaded when it runs: the model brings ONNX Runtime, the data DuckDB. */
export async function runEval(f: EvalFlags): Promise<void> {
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
}
