import { ElemType } from "../../onnx/model.js";
import type { DType, Sym } from "../graph.js";

/** Converts to `dtype`; "float" means the graph's float type. Carries no gradient. */
export function cast(x: Sym, dtype: DType | "float"): Sym {
  const to = dtype === "float" ? x.graph.floatType : dtype;
  if (to === x.dtype) return x;
  return x.graph.node("Cast", [x], { dtype: to, attrs: { to: ElemType[to] } });
}
