import { type GateUsage, gateUsage } from "../analysis/gates.js";
import { cvrBias } from "../causal/cvr-bias.js";
import type { EncodedData, FittedSchema } from "../data/types.js";
import { binaryMetrics, type Reliability, regressionMetrics, reliability } from "../metrics/index.js";
import { ascendingOrder } from "../metrics/order.js";
import type { TaskSpec } from "../models/types.js";
import { rowRange } from "./batcher.js";
import type { InferProgram } from "./infer.js";
import { LEVEL_GATE_PREFIX } from "./programs.js";

/** One gate's weights over the rows, [rows, experts] row-major. */
export interface GateWeights {
  weights: Float32Array;
  experts: number;
}

export interface Predictions {
  /** Per task: a probability (binary) or a value (regression) per row. */
  scores: Record<string, Float32Array>;
  /** Per task (or funnel head) with a gate: the last level's gate, the one its tower reads. */
  gates: Record<string, GateWeights>;
  /** The gates of the levels below the last (PLE), keyed `level0/click`, `level0/shared`. */
  levelGates?: Record<string, GateWeights>;
}

export type TaskMetrics = Record<string, number>;

export interface EvalReport {
  rows: number;
  tasks: Record<string, TaskMetrics>;
  /** Per task: mean gate weight of each expert over the rows, at the last level. */
  gates?: Record<string, GateUsage>;
  /** The same for the gates of the levels below the last (PLE), keyed `level0/click`, `level0/shared`. */
  levelGates?: Record<string, GateUsage>;
  /** Per binary task: the reliability table, its ECE, and score histograms by label (what a report draws). */
  reliability?: Record<string, Reliability>;
  /**
   * Click → conversion models: CVR AUC on clicked rows (what logs allow) and, where the data
   * carries the simulator's truth, on every exposure, the inherent estimation bias and CRR.
   */
  cvr?: Record<string, number>;
}

/** Runs the inference program over every row, in batches. */
export async function predict(
  infer: InferProgram,
  schema: FittedSchema,
  tasks: TaskSpec[],
  data: EncodedData,
  batchSize = 8192,
): Promise<Predictions> {
  const scores = Object.fromEntries(tasks.map((t) => [t.name, new Float32Array(data.rows)]));
  const gates: Predictions["gates"] = {};
  const levelGates: Record<string, GateWeights> = {};
  for (let s = 0; s < data.rows; s += batchSize) {
    const e = Math.min(data.rows, s + batchSize);
    const out = await infer.run(rowRange(schema, data, s, e));
    for (const [key, value] of Object.entries(out)) {
      if (!key.startsWith("pred:")) continue;
      const name = key.slice("pred:".length);
      scores[name] ??= new Float32Array(data.rows);
      (scores[name] as Float32Array).set(value.data as Float32Array, s);
    }
    for (const [key, g] of Object.entries(out)) {
      const weights = { weights: g.data as Float32Array, experts: g.dims[1] as number };
      if (key.startsWith("gate:")) placeGate(gates, key.slice("gate:".length), weights, data.rows, s);
      else if (key.startsWith(LEVEL_GATE_PREFIX)) placeGate(levelGates, key.slice(LEVEL_GATE_PREFIX.length), weights, data.rows, s);
    }
  }
  return Object.keys(levelGates).length > 0 ? { scores, gates, levelGates } : { scores, gates };
}

/** Copies one batch's (or chunk's) weights of a gate into its rows from `at`, making the gate's array of `rows` rows first. */
export function placeGate(target: Record<string, GateWeights>, name: string, part: GateWeights, rows: number, at: number): void {
  target[name] ??= { weights: new Float32Array(rows * part.experts), experts: part.experts };
  target[name]?.weights.set(part.weights, at * part.experts);
}

/**
 * Every metric that applies to each task, and the experts' usage where the model has gates.
 * `expertNames` is keyed by gate: the task (last level), or `levelExpertKey(name)` below it.
 */
export function evaluate(tasks: TaskSpec[], data: EncodedData, p: Predictions, expertNames: Record<string, string[]> = {}): EvalReport {
  const report: EvalReport = { rows: data.rows, tasks: {} };
  const orderOf = scoreOrders();
  tasks.forEach((t, i) => {
    const labels = data.labels[i] as Float32Array;
    const scores = p.scores[t.name] as Float32Array;
    report.tasks[t.name] =
      t.type === "binary" ? { ...binaryMetrics(labels, scores, data.group, orderOf(scores)) } : { ...regressionMetrics(labels, scores) };
    if (t.type === "binary") report.reliability = { ...report.reliability, [t.name]: reliability(labels, scores) };
  });
  const cvr = funnelReport(tasks, data, p, orderOf);
  if (cvr) report.cvr = cvr;
  const gated = Object.keys(p.gates);
  if (gated.length > 0) {
    report.gates = {};
    for (const task of gated) {
      const g = p.gates[task] as GateWeights;
      report.gates[task] = gateUsage(g.weights, g.experts, expertNames[task]);
    }
  }
  if (p.levelGates && Object.keys(p.levelGates).length > 0) {
    const usage: Record<string, GateUsage> = {};
    for (const [name, g] of Object.entries(p.levelGates)) usage[name] = gateUsage(g.weights, g.experts, expertNames[levelExpertKey(name)]);
    report.levelGates = usage;
  }
  return report;
}

/**
 * Each score array's ascending order, sorted once however many metrics rank by it. A funnel
 * model's `ctr` output holds the same values as its click task's scores in another array, so
 * arrays are matched by their values, not their identity.
 */
function scoreOrders(): (scores: Float32Array) => Uint32Array {
  const known: { scores: Float32Array; order: Uint32Array }[] = [];
  return (scores) => {
    const found = known.find((k) => sameValues(k.scores, scores));
    if (found) return found.order;
    const order = ascendingOrder(scores);
    known.push({ scores, order });
    return order;
  };
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The key of a lower level's gate among a model's expert names, apart from any task's. */
export const levelExpertKey = (gate: string): string => `${LEVEL_GATE_PREFIX}${gate}`;

/** The CVR section for models that predict `cvr`: click is the first task, purchase the last. */
function funnelReport(
  tasks: TaskSpec[],
  data: EncodedData,
  p: Predictions,
  orderOf: (scores: Float32Array) => Uint32Array,
): Record<string, number> | undefined {
  const pcvr = p.scores.cvr;
  if (!pcvr || tasks.length < 2) return undefined;
  const bias = cvrBias({
    click: data.labels[0] as Float32Array,
    purchase: data.labels[tasks.length - 1] as Float32Array,
    pcvr,
    truthCvr: data.numeric?.truth_cvr,
    truthR: data.numeric?.truth_r,
    pctr: p.scores.ctr,
    pcvrOrder: orderOf(pcvr),
    ...(p.scores.ctr ? { pctrOrder: orderOf(p.scores.ctr) } : {}),
  });
  const { crr, calibrationD, ...rest } = bias;
  const report: Record<string, number> = { ...rest };
  if (calibrationD) {
    report.meanPredD = calibrationD.meanPred;
    report.meanTrueD = calibrationD.meanTrue;
  }
  if (crr) report.crr = crr.crr;
  // calibration where labels are observed (clicked rows), to set beside D's against the truth
  const click = data.labels[0] as Float32Array;
  const purchase = data.labels[tasks.length - 1] as Float32Array;
  const observed = meansWhere(data.rows, click, true, pcvr, purchase);
  if (observed) {
    report.meanPredO = observed.a;
    report.meanLabelO = observed.b;
  }
  const truth = data.numeric?.truth_cvr;
  if (truth) {
    // calibration where no label is ever observed: the exposures nobody clicked
    const unclicked = meansWhere(data.rows, click, false, pcvr, truth);
    if (unclicked) {
      report.meanPredUnclicked = unclicked.a;
      report.meanTrueUnclicked = unclicked.b;
    }
  }
  return report;
}

/** The means of `a` and `b` over the first `rows` rows whose click is (or, with `clicked` false, is not) set; none when there are no such rows. */
function meansWhere(
  rows: number,
  click: Float32Array,
  clicked: boolean,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { a: number; b: number } | undefined {
  let n = 0;
  let sumA = 0;
  let sumB = 0;
  for (let r = 0; r < rows; r++) {
    if ((click[r] !== 0) !== clicked) continue;
    n++;
    sumA += a[r] as number;
    sumB += b[r] as number;
  }
  return n > 0 ? { a: sumA / n, b: sumB / n } : undefined;
}
