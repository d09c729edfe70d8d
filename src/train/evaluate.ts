import { type GateUsage, gateUsage } from "../analysis/gates.js";
import type { EncodedData, FittedSchema } from "../data/types.js";
import { binaryMetrics, regressionMetrics } from "../metrics/index.js";
import type { TaskSpec } from "../models/types.js";
import { Batcher, identityOrder } from "./batcher.js";
import type { InferProgram } from "./infer.js";

export interface Predictions {
  /** Per task: a probability (binary) or a value (regression) per row. */
  scores: Record<string, Float32Array>;
  /** Per task with a gate: its weights, [rows, experts] row-major. */
  gates: Record<string, { weights: Float32Array; experts: number }>;
}

export type TaskMetrics = Record<string, number>;

export interface EvalReport {
  rows: number;
  tasks: Record<string, TaskMetrics>;
  /** Per task: mean gate weight of each expert over the rows. */
  gates?: Record<string, GateUsage>;
}

/** Runs the inference program over every row, in batches. */
export async function predict(
  infer: InferProgram,
  schema: FittedSchema,
  tasks: TaskSpec[],
  data: EncodedData,
  batchSize = 8192,
): Promise<Predictions> {
  const batcher = new Batcher(schema, Math.min(batchSize, Math.max(1, data.rows)));
  const order = identityOrder(data.rows);
  const scores = Object.fromEntries(tasks.map((t) => [t.name, new Float32Array(data.rows)]));
  const gates: Predictions["gates"] = {};
  for (let s = 0; s < data.rows; s += batcher.capacity) {
    const e = Math.min(data.rows, s + batcher.capacity);
    const out = await infer.run(batcher.fill(data, order, s, e, false));
    for (const t of tasks) {
      (scores[t.name] as Float32Array).set(out[`pred:${t.name}`]?.data as Float32Array, s);
      const g = out[`gate:${t.name}`];
      if (!g) continue;
      const experts = g.dims[1] as number;
      gates[t.name] ??= { weights: new Float32Array(data.rows * experts), experts };
      gates[t.name]?.weights.set(g.data as Float32Array, s * experts);
    }
  }
  return { scores, gates };
}

/** Every metric that applies to each task, and the experts' usage where the model has gates. */
export function evaluate(tasks: TaskSpec[], data: EncodedData, p: Predictions, expertNames: Record<string, string[]> = {}): EvalReport {
  const report: EvalReport = { rows: data.rows, tasks: {} };
  tasks.forEach((t, i) => {
    const labels = data.labels[i] as Float32Array;
    const scores = p.scores[t.name] as Float32Array;
    report.tasks[t.name] =
      t.type === "binary" ? { ...binaryMetrics(labels, scores, data.group) } : { ...regressionMetrics(labels, scores) };
  });
  const gated = Object.keys(p.gates);
  if (gated.length > 0) {
    report.gates = {};
    for (const task of gated) {
      const g = p.gates[task] as Predictions["gates"][string];
      report.gates[task] = gateUsage(g.weights, g.experts, expertNames[task]);
    }
  }
  return report;
}
