import { MtrecError } from "../../errors.js";
import type { Dim, Sym } from "../graph.js";
import { gemm } from "./gemm.js";
import { reshape } from "./reshape.js";
import { transpose } from "./transpose.js";

/**
 * Matrix product. 2-D·2-D is a Gemm; [..., M, K]·[K, N] folds the leading axes into M;
 * [S, M, K]·[S, K, N] is a batched product over equal leading axes.
 */
export function matmul(a: Sym, b: Sym): Sym {
  if (a.rank === 2 && b.rank === 2) return gemm(a, b);
  const k = a.shape[a.rank - 1];
  if (b.rank === 2) {
    if (b.shape[0] !== k) throw new MtrecError("GRAPH", `mtrec: matmul: inner sizes differ: ${a} · ${b}`);
    const lead = a.shape.slice(0, -1);
    const rows = lead.every((d) => typeof d === "number") ? lead.reduce<number>((p, d) => p * (d as number), 1) : lead.join("*");
    return reshape(gemm(reshape(a, [rows, k as Dim]), b), [...lead, b.shape[1] as Dim]);
  }
  if (a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0] || b.shape[1] !== k) {
    throw new MtrecError("GRAPH", `mtrec: matmul: unsupported shapes ${a} · ${b} (use [S,M,K]·[S,K,N] or [...,K]·[K,N])`);
  }
  const y = a.graph.node("MatMul", [a, b], { shape: [a.shape[0] as Dim, a.shape[1] as Dim, b.shape[2] as Dim] });
  y.gradRule = (gy, needs) => [
    needs[0] ? matmul(gy, transpose(b, [0, 2, 1])) : null,
    needs[1] ? matmul(transpose(a, [0, 2, 1]), gy) : null,
  ];
  return y;
}
