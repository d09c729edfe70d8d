export { toModelDef } from "./build.js";
export { grad } from "./grad.js";
export { BATCH, type Dim, type DType, type FloatType, Graph, type GraphInput, type GraphOutput, Sym } from "./graph.js";
export * from "./ops/index.js";
