import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { matmul } from "./matmul.js";
import { mul } from "./mul.js";
import { reshape } from "./reshape.js";

/**
 * Mixes E expert outputs [B, E, H] by gate weights [B, E] into [B, H]: Σ_e g[b,e]·x[b,e,:].
 * A primitive so that MoE-style models cost one batched product forward and two back.
 */
export function mixExperts(experts: Sym, gates: Sym): Sym {
  const [, e, h] = experts.shape;
  if (experts.rank !== 3 || gates.rank !== 2 || gates.shape[1] !== e || typeof e !== "number" || typeof h !== "number") {
    throw new MtrecError("GRAPH", `mtrec: mixExperts: expects experts [B, E, H] and gates [B, E], got ${experts} and ${gates}`);
  }
  const b = experts.shape[0] as number | string;
  const g = experts.graph;
  const row = g.node("Reshape", [gates, g.constant([-1, 1, e], [3], "int64")], { shape: [b, 1, e] });
  const mixed = g.node("MatMul", [row, experts], { shape: [b, 1, h] });
  const y = g.node("Reshape", [mixed, g.constant([-1, h], [2], "int64")], { shape: [b, h] });
  y.gradInputs = [experts, gates];
  y.gradRule = (gy, needs) => [
    needs[0] ? mul(reshape(gates, [b, e, 1]), reshape(gy, [b, 1, h])) : null, // [B, E, H]
    needs[1] ? reshape(matmul(experts, reshape(gy, [b, h, 1])), [b, e]) : null, // [B, E]
  ];
  return y;
}
