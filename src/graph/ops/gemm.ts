import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { broadcastShapes } from "../shape.js";
import { transpose } from "./transpose.js";
import { unbroadcast } from "./unbroadcast.js";

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
}

/** op(A)·op(B) (+ C broadcast to [M, N]) for 2-D A and B: one ONNX Gemm. */
export function gemm(a: Sym, b: Sym, c?: Sym, opts: GemmOptions = {}): Sym {
  const tA = opts.transA ?? false;
  const tB = opts.transB ?? false;
  if (a.rank !== 2 || b.rank !== 2) throw new MtrecError("GRAPH", `mtrec: gemm: inputs must be 2-D, got ${a} and ${b}`);
  const [m, kA] = tA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kB, n] = tB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (kA !== kB) throw new MtrecError("GRAPH", `mtrec: gemm: inner sizes differ: ${a}${tA ? "ᵀ" : ""} · ${b}${tB ? "ᵀ" : ""}`);
  const shape = [m as number | string, n as number | string];
  if (c) broadcastShapes("gemm bias", shape, c.shape);
  const inputs = c ? [a, b, c] : [a, b];
  const y = a.graph.node("Gemm", inputs, { shape, attrs: { transA: tA ? 1 : 0, transB: tB ? 1 : 0 } });
  // Each case keeps the product in one Gemm by choosing transposes, except when both operands
  // are transposed: ONNX Runtime's kernel then took 10-20 % more time than a plain product and a
  // transpose of its result (a weight- or input-sized matrix, far smaller than the product's work).
  y.gradRule = (gy, needs) => {
    let ga: Sym | null = null;
    let gb: Sym | null = null;
    if (needs[0]) {
      if (!tA) ga = gemm(gy, b, undefined, { transB: !tB });
      else ga = tB ? transpose(product(gy, b)) : gemm(b, gy, undefined, { transB: true });
    }
    if (needs[1]) {
      if (!tB) gb = tA ? gemm(a, gy) : gemm(a, gy, undefined, { transA: true });
      else gb = tA ? transpose(product(a, gy)) : gemm(gy, a, undefined, { transA: true });
    }
    return c ? [ga, gb, needs[2] ? unbroadcast(gy, c.shape) : null] : [ga, gb];
  };
  return y;
}

/**
 * a·b for 2-D a and b as an ONNX MatMul: ONNX Runtime folds a transpose of a Gemm's result
 * back into the Gemm's flags, but leaves a MatMul's alone.
 */
function product(a: Sym, b: Sym): Sym {
  const y = a.graph.node("MatMul", [a, b], { shape: [a.shape[0] as number | string, b.shape[1] as number | string] });
  y.gradRule = (gy, needs) => [
    needs[0] ? gemm(gy, b, undefined, { transB: true }) : null,
    needs[1] ? gemm(a, gy, undefined, { transA: true }) : null,
  ];
  return y;
}
