import type { Sym } from "../graph.js";
import { concat } from "./concat.js";
import { unsqueeze } from "./reshape.js";

/** Stacks equal-shaped tensors along a new axis (composite). */
export function stack(xs: Sym[], axis: number): Sym {
  return concat(
    xs.map((x) => unsqueeze(x, axis)),
    axis,
  );
}
