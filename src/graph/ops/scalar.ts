import type { Sym } from "../graph.js";
import { div } from "./div.js";
import { mul } from "./mul.js";

/** x·x. */
export function square(x: Sym): Sym {
  return mul(x, x);
}

/** 1 / x. */
export function reciprocal(x: Sym): Sym {
  return div(1, x);
}
