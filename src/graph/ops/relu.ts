import type { Sym } from "../graph.js";
import { greater } from "./compare.js";
import { where } from "./where.js";

/** max(x, 0). */
export function relu(x: Sym): Sym {
  const y = x.graph.node("Relu", [x]);
  // gradient flows where the output is positive; reading y lets ONNX Runtime free x
  y.gradRule = (gy) => [where(greater(y, 0), gy, 0)];
  return y;
}
