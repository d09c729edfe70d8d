import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { normalizeAxis, staticDim } from "../shape.js";
import { slice } from "./slice.js";

/** Splits a fixed-size axis into pieces of the given sizes (composite of slices). */
export function split(x: Sym, axis: number, sizes: number[]): Sym[] {
  const a = normalizeAxis("split", axis, x.rank);
  const total = sizes.reduce((s, v) => s + v, 0);
  if (total !== staticDim("split", x, a))
    throw new MtrecError("GRAPH", `mtrec: split: sizes [${sizes.join(", ")}] do not add up to axis ${a} of ${x}`);
  let start = 0;
  return sizes.map((n) => {
    const piece = slice(x, a, start, start + n);
    start += n;
    return piece;
  });
}
