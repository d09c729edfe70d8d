import { toModelDef } from "../graph/build.js";
import { Graph, type Sym } from "../graph/graph.js";
import type { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import { encodeModel } from "../onnx/model.js";
import { Program, type RuntimeOptions } from "../runtime/program.js";
import type { HostTensor } from "../runtime/tensor.js";
import { type Batch, batchSizeOf } from "./batch.js";
import { feedInputs } from "./feeds.js";
import type { InputSpec } from "./step.js";

export interface InferSpec extends RuntimeOptions {
  module: Module;
  /** Batch inputs; an embedding's index column is an int32 input [B] it declares itself. */
  inputs: Record<string, InputSpec["shape"] | InputSpec>;
  /** Traces the model in inference mode and names its outputs. */
  outputs: (inputs: Record<string, Sym>, graph: Graph) => Record<string, Sym>;
  /**
   * Bake the parameters' current values into the graph as initializers. ONNX Runtime then
   * pre-packs the weights for its matrix kernels and folds constants, which a graph fed its
   * weights on every run cannot do; the program no longer follows later changes to them.
   */
  frozen?: boolean;
}

function trace(spec: InferSpec): Graph {
  const graph = new Graph({ floatType: "float32", training: false, tablesInGraph: true });
  const syms: Record<string, Sym> = {};
  for (const [name, s] of Object.entries(spec.inputs)) {
    const { shape, dtype } = Array.isArray(s) ? { shape: s, dtype: undefined } : s;
    syms[name] = graph.input(name, shape, dtype);
  }
  for (const [name, s] of Object.entries(spec.outputs(syms, graph))) graph.output(name, s);
  return graph;
}

/**
 * The standalone ONNX model of a module's inference graph: parameters (embedding tables
 * included) are initializers, so onnxruntime or any ONNX reader runs it without mtrec.
 */
export function exportOnnx(spec: InferSpec, metadata?: Record<string, string>): Uint8Array {
  const graph = trace(spec);
  const params = new Map(spec.module.allParameters().map((p) => [p.name, p]));
  return encodeModel(toModelDef(graph, "mtrec_inference", { bake: (key) => params.get(key)?.data, metadata }));
}

/** The inference graph run inside mtrec; parameters are fed from their live buffers, or baked in when frozen. */
export class InferProgram {
  static async compile(spec: InferSpec): Promise<InferProgram> {
    const graph = trace(spec);
    const params = new Map(spec.module.allParameters().map((p) => [p.name, p]));
    const program = spec.frozen
      ? await Program.fromBytes(encodeModel(toModelDef(graph, "inference", { bake: (key) => params.get(key)?.data })), "inference", {
          threads: spec.threads,
        })
      : await Program.fromGraph(graph, "inference", { threads: spec.threads });
    return new InferProgram(program, graph, params, spec.frozen === true);
  }

  private constructor(
    readonly program: Program,
    readonly graph: Graph,
    private readonly params: Map<string, Parameter>,
    /** Whether the parameters are baked in (not fed): see `InferSpec.frozen`. */
    readonly frozen: boolean,
  ) {}

  async run(batch: Batch): Promise<Record<string, HostTensor>> {
    const n = batchSizeOf(batch, this.graph.inputs, []);
    return this.program.run(feedInputs(this.graph, this.params, batch, n));
  }
}
