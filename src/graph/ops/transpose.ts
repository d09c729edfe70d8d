import type { Sym } from "../graph.js";

/** Permutes axes; `perm` defaults to reversing them. */
export function transpose(x: Sym, perm?: number[]): Sym {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const y = x.graph.node("Transpose", [x], { shape: p.map((i) => x.shape[i] as number | string), attrs: { perm: p } });
  const inverse = p.map((_, i) => p.indexOf(i));
  y.gradRule = (gy) => [transpose(gy, inverse)];
  return y;
}
