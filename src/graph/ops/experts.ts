import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { mul } from "./mul.js";
import { reshape } from "./reshape.js";
import { sum } from "./sum.js";
import { transpose } from "./transpose.js";

/**
 * Mixes E expert outputs, laid out [E, H, B] as the expert bank makes them, by gate weights
 * [B, E] into [B, H]: Σ_e g[b,e]·x[e,:,b]. A primitive so that its gradient broadcasts the
 * gates and the incoming gradient instead of materialising either at [E, H, B].
 */
export function mixExperts(experts: Sym, gates: Sym): Sym {
  const [e, h, b] = experts.shape;
  if (
    experts.rank !== 3 ||
    gates.rank !== 2 ||
    gates.shape[0] !== b ||
    gates.shape[1] !== e ||
    typeof e !== "number" ||
    typeof h !== "number"
  ) {
    throw new MtrecError("GRAPH", `mtrec: mixExperts: expects experts [E, H, B] and gates [B, E], got ${experts} and ${gates}`);
  }
  const batch = b as number | string;
  const g = experts.graph;
  const shape = (dims: number[]) => g.constant(dims, [dims.length], "int64");
  const columns = g.node("Transpose", [gates], { shape: [e, batch], attrs: { perm: [1, 0] } });
  const byExpert = g.node("Reshape", [columns, shape([e, 1, -1])], { shape: [e, 1, batch] }); // [E, 1, B]
  const weighted = g.node("Reshape", [g.node("Mul", [experts, byExpert], { shape: [e, h, batch] }), shape([e, -1])], {
    shape: [e, `${h}*${batch}`],
  }); // [E, H·B]
  // the sum over experts as a product with a row of ones: ONNX Runtime's ReduceSum over a
  // leading axis reads it with a stride and took 3-6x as long
  const summed = g.node("MatMul", [g.constant(new Array<number>(e).fill(1), [1, e]), weighted], { shape: [1, `${h}*${batch}`] });
  const mixed = g.node("Reshape", [summed, shape([h, -1])], { shape: [h, batch] }); // [H, B]
  const y = g.node("Transpose", [mixed], { shape: [batch, h], attrs: { perm: [1, 0] } });
  y.gradInputs = [experts, gates];
  y.gradRule = (gy, needs) => {
    const gyT = reshape(transpose(gy), [1, h, batch]); // [1, H, B]
    return [
      needs[0] ? mul(byExpert, gyT) : null, // [E, H, B]
      needs[1] ? transpose(sum(mul(experts, gyT), 1)) : null, // [B, E]
    ];
  };
  return y;
}
