import { MtrecError } from "../errors.js";
import { grad } from "../graph/grad.js";
import { type Dim, type DType, Graph, Sym } from "../graph/graph.js";
import type { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import { lap, type PhaseTimes } from "../runtime/phase-times.js";
import { Program, type RuntimeOptions } from "../runtime/program.js";
import type { HostTensor } from "../runtime/tensor.js";
import { type Batch, batchSizeOf } from "./batch.js";
import { feedInputs } from "./feeds.js";
import { SparseGradAccumulator } from "./sparse-grad.js";

export interface InputSpec {
  shape: Dim[];
  dtype?: DType;
}

/** What a loss function returns: the scalar to minimise, and any values to read back. */
export type Traced = Sym | { loss: Sym; outputs?: Record<string, Sym> };

export interface StepSpec extends RuntimeOptions {
  module: Module;
  /** Batch inputs by name: a shape with "B" for the batch axis, or a spec with a dtype. */
  inputs: Record<string, Dim[] | InputSpec>;
  /** Traces the model and its loss on the symbolic inputs. */
  loss: (inputs: Record<string, Sym>, graph: Graph) => Traced;
  /** Seed of in-graph randomness (dropout). */
  seed?: number;
  /** Modules whose parameters the loss also reads (a weighting strategy's own), known once traced. */
  extra?: () => Module[];
}

export interface StepResult {
  loss: number;
  outputs: Record<string, HostTensor>;
}

const GRAD = "grad:";
const OUT = "out:";
const BUFFER = "buffer:";

interface GatherFeed {
  name: string;
  table: Parameter;
  column: string;
  dim: number;
  rows: Float32Array;
  grads: Float32Array;
}

/**
 * One training step compiled to one ONNX graph: forward, losses and every gradient.
 * `run` leaves dense gradients in each parameter's `grad` (written in place by ONNX
 * Runtime) and row-sparse ones in `sparseGrad`; an optimizer's `step()` then applies them.
 */
export class TrainStep {
  private gatherFeeds: GatherFeed[] = [];
  private readonly accumulators = new Map<Parameter, SparseGradAccumulator>();
  private lossOut: HostTensor = { type: "float32", data: new Float32Array(1), dims: [] };
  private sizedFor = -1;
  /** When set, each run adds its milliseconds per phase here (gather, feeds, ortRun, fetches, scatter). */
  profile: PhaseTimes | undefined;

  private constructor(
    readonly program: Program,
    readonly graph: Graph,
    private readonly params: Map<string, Parameter>,
    private readonly denseGrads: Parameter[],
    private readonly gatherColumns: string[],
  ) {
    for (const gi of graph.gathers) {
      const table = params.get(gi.table) as Parameter;
      if (!this.accumulators.has(table)) this.accumulators.set(table, new SparseGradAccumulator(table));
      this.gatherFeeds.push({
        name: gi.sym.name,
        table,
        column: gi.column,
        dim: table.shape[1] ?? 0,
        rows: new Float32Array(0),
        grads: new Float32Array(0),
      });
    }
  }

  static async compile(spec: StepSpec): Promise<TrainStep> {
    const graph = new Graph({ floatType: "float32", training: true, seed: spec.seed ?? 0 });
    const syms: Record<string, Sym> = {};
    for (const [name, s] of Object.entries(spec.inputs)) {
      const { shape, dtype } = Array.isArray(s) ? { shape: s, dtype: undefined } : s;
      syms[name] = graph.input(name, shape, dtype);
    }
    const traced = spec.loss(syms, graph);
    const { loss, outputs } = traced instanceof Sym ? { loss: traced, outputs: {} } : traced;
    const modules = [spec.module, ...(spec.extra?.() ?? [])];
    const params = new Map(modules.flatMap((m) => m.allParameters()).map((p) => [p.name, p]));
    const dense: Parameter[] = [];
    const wrt: Sym[] = [];
    for (const gi of graph.inputs) {
      if (gi.kind !== "param") continue;
      const p = params.get(gi.key);
      if (!p) throw new MtrecError("GRAPH", `mtrec: the graph reads "${gi.key}", which is not a parameter of the module`);
      if (p.opts.buffer) continue;
      if (p.sparse)
        throw new MtrecError("GRAPH", `mtrec: table "${p.name}" entered a training graph whole; look rows up with Embedding.lookup`);
      dense.push(p);
      wrt.push(gi.sym);
    }
    for (const gi of graph.gathers) {
      if (!params.get(gi.table))
        throw new MtrecError("GRAPH", `mtrec: the graph gathers from "${gi.table}", which is not a parameter of the module`);
      wrt.push(gi.sym);
    }
    const grads = grad(loss, wrt);
    graph.output("loss", loss);
    grads.forEach((g, i) => {
      const target = i < dense.length ? (dense[i] as Parameter).name : (graph.gathers[i - dense.length]?.sym.name as string);
      graph.output(`${GRAD}${target}`, g);
    });
    for (const [name, s] of Object.entries(outputs ?? {})) graph.output(`${OUT}${name}`, s);
    for (const u of graph.bufferUpdates) graph.output(`${BUFFER}${u.buffer}`, u.value);
    const program = await Program.fromGraph(graph, "train_step", { threads: spec.threads });
    for (const p of dense) p.grad.fill(0);
    return new TrainStep(program, graph, params, dense, [...new Set(graph.gathers.map((g) => g.column))]);
  }

  /** Frees the step's ONNX Runtime session and its gather buffers; the step does not run again. */
  async release(): Promise<void> {
    await this.program.release();
    this.size(0);
  }

  private size(n: number): void {
    if (n === this.sizedFor) return;
    for (const f of this.gatherFeeds) {
      f.rows = new Float32Array(n * f.dim);
      f.grads = new Float32Array(n * f.dim);
    }
    this.sizedFor = n;
  }

  async run(batch: Batch): Promise<StepResult> {
    const times = this.profile;
    let t = times ? performance.now() : 0;
    const n = batchSizeOf(batch, this.graph.inputs, this.gatherColumns);
    this.size(n);
    const feeds = feedInputs(this.graph, this.params, batch, n);
    const into: Record<string, HostTensor> = { loss: this.lossOut };
    if (times) t = lap(times, "feeds", t);
    for (const f of this.gatherFeeds) {
      const ids = indexColumn(batch, f.column, f.table);
      gatherRows(f.table, ids, f.rows);
      feeds[f.name] = { type: "float32", data: f.rows, dims: [n, f.dim] };
      into[`${GRAD}${f.name}`] = { type: "float32", data: f.grads, dims: [n, f.dim] };
    }
    for (const p of this.denseGrads) into[`${GRAD}${p.name}`] = { type: "float32", data: p.grad, dims: p.shape };
    if (times) lap(times, "gather", t);
    const result = await this.program.run(feeds, into, times);
    if (times) t = performance.now();
    for (const acc of this.accumulators.values()) acc.begin(n * this.gatherFeeds.length);
    for (const f of this.gatherFeeds) this.accumulators.get(f.table)?.add(batch[f.column] as Int32Array, f.grads);
    for (const acc of this.accumulators.values()) acc.finish();
    for (const u of this.graph.bufferUpdates) {
      const buf = this.params.get(u.buffer) as Parameter;
      const v = result[`${BUFFER}${u.buffer}`]?.data as Float32Array;
      const scale = u.unbias && n > 1 ? n / (n - 1) : 1;
      for (let i = 0; i < buf.data.length; i++)
        buf.data[i] = (1 - u.momentum) * (buf.data[i] as number) + u.momentum * scale * (v[i] as number);
    }
    const outputs: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(result)) if (k.startsWith(OUT)) outputs[k.slice(OUT.length)] = v;
    if (times) lap(times, "scatter", t);
    return { loss: (this.lossOut.data as Float32Array)[0] as number, outputs };
  }
}

function indexColumn(batch: Batch, column: string, table: Parameter): Int32Array {
  const ids = batch[column];
  if (!(ids instanceof Int32Array))
    throw new MtrecError("BAD_DATA", `mtrec: index column "${column}" for table "${table.name}" must be an Int32Array`);
  return ids;
}

/** Copies the rows named by `ids` out of the table; an index outside the table is refused. */
function gatherRows(table: Parameter, ids: Int32Array, out: Float32Array): void {
  const rows = table.shape[0] ?? 0;
  const dim = table.shape[1] ?? 0;
  const data = table.data;
  for (let i = 0; i < ids.length; i++) {
    const r = ids[i] as number;
    if (r < 0 || r >= rows)
      throw new MtrecError("BAD_DATA", `mtrec: row ${i} of the batch looks up index ${r} in table "${table.name}", which has ${rows} rows`);
    // an element loop: a subarray per row (16 floats) costs twice the copy it makes
    const from = r * dim;
    const to = i * dim;
    for (let k = 0; k < dim; k++) out[to + k] = data[from + k] as number;
  }
}
