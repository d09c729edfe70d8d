import { MtrecError } from "../errors.js";
import type { ModelDef, NodeDef, TensorDef, ValueInfo } from "../onnx/model.js";
import type { Graph } from "./graph.js";

export interface BuildOptions {
  metadata?: Record<string, string>;
  /**
   * Values for parameter inputs, by key: those become initializers inside the model, so
   * it stands alone (the export format). Parameters without a value stay inputs.
   */
  bake?: (key: string) => Float32Array | Float64Array | undefined;
}

/**
 * The ONNX model of a traced graph. Each declared output is emitted through an Identity
 * under its own name, so a value may be both an output and used inside, or output twice.
 */
export function toModelDef(graph: Graph, name: string, opts: BuildOptions = {}): ModelDef {
  if (graph.outputs.length === 0) throw new MtrecError("GRAPH", `mtrec: graph "${name}" has no outputs`);
  const nodes: NodeDef[] = [...graph.nodes];
  const outputs: ValueInfo[] = graph.outputs.map((o) => {
    nodes.push({ opType: "Identity", inputs: [o.sym.name], outputs: [o.name], name: `output_${o.name}` });
    return { name: o.name, type: o.sym.dtype, shape: [...o.sym.shape] };
  });
  const inputs: ValueInfo[] = [];
  const initializers: TensorDef[] = [...graph.initializers];
  for (const i of graph.inputs) {
    const baked = i.kind === "param" ? opts.bake?.(i.key) : undefined;
    if (baked) initializers.push({ name: i.sym.name, type: i.sym.dtype, dims: i.sym.shape as number[], data: baked });
    else inputs.push({ name: i.sym.name, type: i.sym.dtype, shape: [...i.sym.shape] });
  }
  return { name, nodes, initializers, inputs, outputs, metadata: opts.metadata };
}
