import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../src/graph/graph.js";
import { ExpertBank } from "../src/models/expert-bank.js";
import { Rng } from "../src/nn/rng.js";
import { Program } from "../src/runtime/program.js";
import type { HostTensor } from "../src/runtime/tensor.js";

const INPUT = 5;
const EXPERTS = 3;
const HIDDEN = [4, 2];
const ROWS = 6;

/** Expert e of the bank run on its own, as the MLP it stands for: relu(relu(x·W0[:, e] + b0[e])·W1[e] + b1[e]). */
function ownExpert(bank: ExpertBank, e: number, row: Float32Array): number[] {
  const p = Object.fromEntries(bank.parameters().map((q) => [q.name, q.data]));
  const [h0, h1] = HIDDEN as [number, number];
  const first = Array.from({ length: h0 }, (_, j) => {
    let s = (p["0.bias"] as Float32Array)[e * h0 + j] as number;
    for (let i = 0; i < INPUT; i++) s += (row[i] as number) * ((p["0.weight"] as Float32Array)[i * EXPERTS * h0 + e * h0 + j] as number);
    return Math.max(s, 0);
  });
  return Array.from({ length: h1 }, (_, k) => {
    let s = (p["1.bias"] as Float32Array)[e * h1 + k] as number;
    for (let j = 0; j < h0; j++) s += (first[j] as number) * ((p["1.weight"] as Float32Array)[(e * h0 + j) * h1 + k] as number);
    return Math.max(s, 0);
  });
}

for (const training of [true, false]) {
  test(`an expert bank's output [E, H, B] holds, at [e, :, b], expert e run alone as an MLP on row b (${training ? "training" : "inference"} graph)`, async () => {
    const bank = new ExpertBank(INPUT, EXPERTS, HIDDEN, new Rng(4));
    const g = new Graph({ training });
    const x = g.input("x", ["B", INPUT]);
    g.output("y", bank.forward(x));
    const rng = new Rng(9);
    const rows = Float32Array.from({ length: ROWS * INPUT }, () => rng.normal());
    const feeds: Record<string, HostTensor> = { x: { type: "float32", data: rows, dims: [ROWS, INPUT] } };
    const params = new Map(bank.parameters().map((p) => [p.name, p]));
    for (const gi of g.inputs) {
      const p = params.get(gi.key);
      if (gi.kind === "param" && p) feeds[gi.sym.name] = { type: "float32", data: p.data, dims: p.shape };
    }
    const program = await Program.fromGraph(g, "expert_bank", { threads: 1 });
    const y = (await program.run(feeds)).y as HostTensor;
    const out = HIDDEN[HIDDEN.length - 1] as number;
    assert.deepEqual(y.dims, [EXPERTS, out, ROWS]);
    for (let e = 0; e < EXPERTS; e++) {
      for (let b = 0; b < ROWS; b++) {
        const want = ownExpert(bank, e, rows.subarray(b * INPUT, (b + 1) * INPUT));
        want.forEach((v, k) => {
          const got = (y.data as Float32Array)[(e * out + k) * ROWS + b] as number;
          assert.ok(Math.abs(got - v) <= 1e-5 * Math.max(1, Math.abs(v)), `expert ${e}, unit ${k}, row ${b}: ${got}, expected ${v}`);
        });
      }
    }
  });
}
