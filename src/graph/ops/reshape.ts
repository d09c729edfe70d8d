import { MtrecError } from "../../errors.js";
import type { Dim, Sym } from "../graph.js";
import { reshapeTarget } from "../shape.js";

/** Reshape to `shape`; at most one dimension may be symbolic (the batch). */
export function reshape(x: Sym, shape: readonly Dim[]): Sym {
  const target = reshapeTarget("reshape", shape);
  const sizeOf = (s: readonly Dim[]) => s.reduce<number>((p, d) => (typeof d === "number" ? p * d : p), 1);
  const symbolicIn = x.shape.filter((d) => typeof d !== "number");
  const symbolicOut = shape.filter((d) => typeof d !== "number");
  if (symbolicIn.join() === symbolicOut.join() && sizeOf(x.shape) !== sizeOf(shape)) {
    throw new MtrecError(
      "GRAPH",
      `mtrec: reshape: ${x} has ${sizeOf(x.shape)} fixed elements per batch row, [${shape.join(", ")}] has ${sizeOf(shape)}`,
    );
  }
  const g = x.graph;
  const y = g.node("Reshape", [x, g.constant(target, [target.length], "int64")], { shape });
  y.gradRule = (gy) => [reshape(gy, x.shape), null];
  return y;
}

/** Inserts a size-1 axis at `axis`. */
export function unsqueeze(x: Sym, axis: number): Sym {
  const a = axis < 0 ? axis + x.rank + 1 : axis;
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Removes the size-1 axis at `axis`. */
export function squeeze(x: Sym, axis: number): Sym {
  const a = axis < 0 ? axis + x.rank : axis;
  if (x.shape[a] !== 1) throw new MtrecError("GRAPH", `mtrec: squeeze: axis ${axis} of ${x} is not of size 1`);
  return reshape(
    x,
    x.shape.filter((_, i) => i !== a),
  );
}
