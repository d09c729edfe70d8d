import { open } from "../../data/reader.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { readSavedConfig } from "../../train/saved-config.js";
import type { EvalFlags } from "./eval.js";
import { sourceFrom } from "./train.js";

/** `mtrec eval`, loaded when it runs: the model brings ONNX Runtime, the data DuckDB. */
export async function runEval(f: EvalFlags): Promise<void> {
  const saved = await readSavedConfig(f.model);
  const source = withTrainingReadOptions(saved.config, sourceFrom(f.data, f));
  // DuckDB sniffs and counts the file on its own threads while the model's modules load and
  // its program compiles (about half a second); a bad file still fails after a bad model would.
  const opening = open(source);
  opening.catch(() => {});
  const [{ evaluate }, { load }, { predictSource }, { numericFor }, { expertNamesOf }, { formatEval }] = await Promise.all([
    import("../../train/evaluate.js"),
    import("../../train/load.js"),
    import("../../train/predict-source.js"),
    import("../../train/prepare.js"),
    import("../../train/expert-names.js"),
    import("../format.js"),
  ]);
  const { schema: fitted, model, infer } = await load(f.model, { threads: f.threads });
  await opening;
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
