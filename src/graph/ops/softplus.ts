import type { Sym } from "../graph.js";
import { add } from "./add.js";
import { exp } from "./exp.js";
import { log } from "./log.js";
import { mul } from "./mul.js";
import { relu } from "./relu.js";
import { sub } from "./sub.js";

/**
 * log(1 + e^x), composite and stable: relu(x) + log(1 + e^(x − 2·relu(x))), the exponent
 * being −|x| ≤ 0. Written with x − 2·relu(x) rather than −|x| so that the subgradients at
 * exactly x = 0 (where a zero-initialised logit sits) add up to the true slope 1/2.
 * (ONNX Runtime has no float64 Softplus kernel, which the gradient checks need.)
 */
export function softplus(x: Sym): Sym {
  const r = relu(x);
  return add(r, log(add(exp(sub(x, mul(r, 2))), 1)));
}
