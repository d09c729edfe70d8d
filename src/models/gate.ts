import type { Sym } from "../graph/graph.js";
import { softmax } from "../graph/ops/softmax.js";
import { Linear } from "../nn/linear.js";
import { Module } from "../nn/module.js";
import type { Rng } from "../nn/rng.js";

/** A softmax gate: one weight per expert for each row, summing to 1. */
export class Gate extends Module {
  private readonly linear: Linear;
  constructor(input: number, experts: number, rng: Rng) {
    super();
    // zero-initialised: every expert starts with the same share, as the MMoE paper's uniform start
    this.linear = this.add("linear", new Linear(input, experts, rng, { init: "zeros" }));
  }
  forward(x: Sym): Sym {
    return softmax(this.linear.forward(x)); // [B, E]
  }
}
