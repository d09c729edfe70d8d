import { MtrecError } from "../errors.js";
import type { Dim, Sym } from "./graph.js";

export function sameShape(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Numpy-style broadcast of two shapes; throws naming the op and both shapes. */
export function broadcastShapes(op: string, a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new MtrecError("GRAPH", `mtrec: ${op}: shapes [${a.join(", ")}] and [${b.join(", ")}] do not broadcast`);
  }
  return out;
}

/** Axes of `out` that were broadcast from `inShape` (missing leading axes and size-1 axes). */
export function broadcastAxes(inShape: readonly Dim[], out: readonly Dim[]): number[] {
  const lead = out.length - inShape.length;
  const axes: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (i < lead || (inShape[i - lead] === 1 && out[i] !== 1)) axes.push(i);
  }
  return axes;
}

export function normalizeAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new MtrecError("GRAPH", `mtrec: ${op}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}

export function staticDim(op: string, x: Sym, axis: number): number {
  const d = x.shape[axis];
  if (typeof d !== "number") throw new MtrecError("GRAPH", `mtrec: ${op}: axis ${axis} of ${x} must have a fixed size`);
  return d;
}

/** The ONNX Reshape target for a shape with at most one symbolic dimension (it becomes -1). */
export function reshapeTarget(op: string, shape: readonly Dim[]): number[] {
  const symbolic = shape.filter((d) => typeof d !== "number");
  if (symbolic.length > 1) throw new MtrecError("GRAPH", `mtrec: ${op}: shape [${shape.join(", ")}] has more than one symbolic dimension`);
  return shape.map((d) => (typeof d === "number" ? d : -1));
}
