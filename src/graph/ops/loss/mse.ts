import { MtrecError } from "../../../errors.js";
import type { Sym } from "../../graph.js";
import { sameShape } from "../../shape.js";
import { mul } from "../mul.js";
import { sub } from "../sub.js";
import { type LossOptions, reduceLoss } from "./reduce.js";

/** Mean squared error (pred − y)². */
export function mse(pred: Sym, labels: Sym, opts: LossOptions = {}): Sym {
  if (!sameShape(pred.shape, labels.shape))
    throw new MtrecError("GRAPH", `mtrec: mse: predictions ${pred} and labels ${labels} differ in shape`);
  const d = sub(pred, labels);
  return reduceLoss(mul(d, d), opts);
}
