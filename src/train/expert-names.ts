import { Graph } from "../graph/graph.js";
import type { MultiTaskModel } from "../models/types.js";
import { levelExpertKey } from "./evaluate.js";

/** Each gate's expert names, read off one trace of the model: by task, and a lower level's by `levelExpertKey`. */
export function expertNamesOf(model: MultiTaskModel): Record<string, string[]> {
  const { gates, levelGates = {} } = model.forward(new Graph({ training: false, tablesInGraph: true }));
  return {
    ...Object.fromEntries(Object.entries(gates).map(([t, g]) => [t, g.experts])),
    ...Object.fromEntries(Object.entries(levelGates).map(([name, g]) => [levelExpertKey(name), g.experts])),
  };
}
