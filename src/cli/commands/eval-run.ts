import type { EvalFlags } from "./eval.js";
import { openWhileLoading } from "./open-early.js";
import { sourceFrom } from "./train.js";

/** `mtrec eval`, loaded when it runs: the model brings ONNX Runtime, the data DuckDB. */
export async function runEval(f: EvalFlags): Promise<void> {
  const { saved, source } = await openWhileLoading(f.model, sourceFrom(f.data, f));
  const [{ evaluate }, { load }, { predictSource }, { numericFor }, { expertNamesOf }, { formatEval }] = await Promise.all([
    import("../../train/evaluate.js"),
    import("../../train/load.js"),
    import("../../train/predict-source.js"),
    import("../../train/prepare.js"),
    import("../../train/expert-names.js"),
    import("../format.js"),
  ]);
  const { schema: fitted, model, infer } = await load(f.model, { threads: f.threads });
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
