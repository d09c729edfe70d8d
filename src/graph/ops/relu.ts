import type { Sym } from "../graph.js";
import { cast } from "./cast.js";
import { greater } from "./compare.js";
import { mul } from "./mul.js";

/** max(x, 0). */
export function relu(x: Sym): Sym {
  const y = x.graph.node("Relu", [x]);
  // gradient flows where the output is positive; reading y lets ONNX Runtime free x.
  // Mul by a 0/1 mask, not Where: ONNX Runtime's Where is several times slower on CPU.
  y.gradRule = (gy) => [mul(gy, cast(greater(y, 0), "float"))];
  return y;
}
