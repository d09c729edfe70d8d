import type { ModelDef, NodeDef, ValueInfo } from "../onnx/model.js";
import type { Graph } from "./graph.js";

/**
 * The ONNX model of a traced graph. Each declared output is emitted through an Identity
 * under its own name, so a value may be both an output and used inside, or output twice.
 */
export function toModelDef(graph: Graph, name: string, metadata?: Record<string, string>): ModelDef {
  if (graph.outputs.length === 0) throw new Error(`mtrec: graph "${name}" has no outputs`);
  const nodes: NodeDef[] = [...graph.nodes];
  const outputs: ValueInfo[] = graph.outputs.map((o) => {
    nodes.push({ opType: "Identity", inputs: [o.sym.name], outputs: [o.name], name: `output_${o.name}` });
    return { name: o.name, type: o.sym.dtype, shape: [...o.sym.shape] };
  });
  const inputs: ValueInfo[] = graph.inputs.map((i) => ({ name: i.sym.name, type: i.sym.dtype, shape: [...i.sym.shape] }));
  return { name, nodes, initializers: graph.initializers, inputs, outputs, metadata };
}
