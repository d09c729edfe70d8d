import { grad } from "../src/graph/grad.js";
import { Graph, type Sym } from "../src/graph/graph.js";
import { add, div, mul, sqrt, sub } from "../src/graph/ops/index.js";
import { bceWithLogits } from "../src/graph/ops/loss/bce-with-logits.js";
import { MLP } from "../src/nn/mlp.js";
import { Rng } from "../src/nn/rng.js";
import { Program } from "../src/runtime/program.js";
import type { HostTensor } from "../src/runtime/tensor.js";
import { MLP_BATCH, mlpBatch, mlpStepper } from "./mlp-case.js";
import { type BenchResult, median } from "./result.js";

const BATCH = MLP_BATCH;
const STEPS = 20;
const ROUNDS = 9;
const B1 = 0.9;
const B2 = 0.999;

type Stepper = () => Promise<void>;

/** Median samples/s of each stepper, their rounds interleaved so drift on a shared CPU hits both alike. */
async function timeInterleaved(steppers: Stepper[]): Promise<number[]> {
  for (const s of steppers) for (let i = 0; i < 10; i++) await s();
  const rates = steppers.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, s] of steppers.entries()) {
      const t0 = performance.now();
      for (let i = 0; i < STEPS; i++) await s();
      rates[k]?.push((BATCH * STEPS * 1000) / (performance.now() - t0));
    }
  }
  return rates.map(median);
}

/**
 * The alternative: Adam inside the step graph. Parameters and moments go in, their updated
 * values come out into a second set of buffers, and the two sets swap every step.
 */
async function inGraphAdam(threads: number): Promise<Stepper> {
  const mlp = new MLP(136, [256, 128], 1, new Rng(0));
  const g = new Graph();
  const x = g.input("x", ["B", 136]);
  const y = g.input("y", ["B", 1]);
  const loss = bceWithLogits(mlp.forward(x), y);
  const params = mlp.parameters();
  const syms = params.map((p) => g.bind(p.name, p.shape));
  const grads = grad(loss, syms);
  const stepSize = g.input("step_size", []);
  const epsHat = g.input("eps_hat", []);
  const slots: { name: string; size: number; dims: readonly number[] }[] = [];
  params.forEach((p, i) => {
    const gr = grads[i] as Sym;
    const m = g.input(`m:${p.name}`, p.shape);
    const v = g.input(`v:${p.name}`, p.shape);
    const m2 = add(mul(m, B1), mul(gr, 1 - B1));
    const v2 = add(mul(v, B2), mul(mul(gr, gr), 1 - B2));
    g.output(`new:${p.name}`, sub(syms[i] as Sym, div(mul(m2, stepSize), add(sqrt(v2), epsHat))));
    g.output(`newm:${p.name}`, m2);
    g.output(`newv:${p.name}`, v2);
    for (const k of ["", "m:", "v:"]) slots.push({ name: `${k}${p.name}`, size: p.size, dims: p.shape });
  });
  g.output("loss", loss);
  const program = await Program.fromGraph(g, "adam_in_graph", { threads });
  const bufs = [0, 1].map(() => new Map(slots.map((s) => [s.name, new Float32Array(s.size)])));
  for (const p of params) bufs[0]?.get(p.name)?.set(p.data);
  const batch = mlpBatch();
  let t = 0;
  let cur = 0;
  return async () => {
    t++;
    const from = bufs[cur] as Map<string, Float32Array>;
    const to = bufs[1 - cur] as Map<string, Float32Array>;
    // torch's formulation: lr·√(1−β2ᵗ)/(1−β1ᵗ) and ε·√(1−β2ᵗ)
    const c2 = Math.sqrt(1 - B2 ** t);
    const feeds: Record<string, HostTensor> = {
      x: { type: "float32", data: batch.x, dims: [BATCH, 136] },
      y: { type: "float32", data: batch.y, dims: [BATCH, 1] },
      step_size: { type: "float32", data: Float32Array.of((1e-3 * c2) / (1 - B1 ** t)), dims: [] },
      eps_hat: { type: "float32", data: Float32Array.of(1e-8 * c2), dims: [] },
    };
    const into: Record<string, HostTensor> = {};
    for (const s of slots) {
      feeds[s.name] = { type: "float32", data: from.get(s.name) as Float32Array, dims: s.dims };
      const prefix = s.name.startsWith("m:") ? "newm:" : s.name.startsWith("v:") ? "newv:" : "new:";
      into[`${prefix}${s.name.replace(/^[mv]:/, "")}`] = { type: "float32", data: to.get(s.name) as Float32Array, dims: s.dims };
    }
    await program.run(feeds, into);
    cur = 1 - cur;
  };
}

/** Dense Adam in TypeScript after the step (mtrec's choice) against Adam inside the step graph. */
export async function denseUpdate(threadCounts: number[]): Promise<BenchResult> {
  const results: BenchResult["results"] = [];
  for (const threads of threadCounts) {
    const [ts = 0, inGraph = 0] = (await timeInterleaved([await mlpStepper(threads), await inGraphAdam(threads)])).map(Math.round);
    results.push({
      case: `MLP 136-256-128-1 step + Adam, batch 2048, ${threads} thread(s): update in TypeScript vs in the graph`,
      mtrec: { samplesPerSec: ts, update: "typescript" },
      reference: { samplesPerSec: inGraph, update: "in-graph" },
      ratio: Math.round((ts / inGraph) * 1000) / 1000,
    });
  }
  return { bench: "dense-update", results };
}
