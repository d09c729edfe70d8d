import type { Sym } from "../graph/graph.js";
import { softmax } from "../graph/ops/softmax.js";
import type { LinearInit } from "../nn/init.js";
import { Linear } from "../nn/linear.js";
import { Module } from "../nn/module.js";
import type { Rng } from "../nn/rng.js";

/** A softmax gate: one weight per expert for each row, summing to 1. */
export class Gate extends Module {
  private readonly linear: Linear;
  constructor(input: number, experts: number, rng: Rng, init: LinearInit = "pytorch") {
    super();
    // under "pytorch" an nn.Linear like torch-rechub's gates; under mtrec's own schemes zero, so
    // every expert starts with the same share
    this.linear = this.add("linear", new Linear(input, experts, rng, { init: init === "pytorch" ? "pytorch" : "zeros" }));
  }
  forward(x: Sym): Sym {
    return softmax(this.linear.forward(x)); // [B, E]
  }
}
