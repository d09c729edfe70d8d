import { grad } from "../../src/graph/grad.js";
import { type Dim, Graph, type Sym } from "../../src/graph/graph.js";
import { Program } from "../../src/runtime/program.js";
import type { HostTensor } from "../../src/runtime/tensor.js";
import { out } from "./out.js";

export interface CheckInput {
  name: string;
  /** Symbolic shape; "B" is fed as `batch`. */
  shape: Dim[];
  values: number[];
  /** Differentiate with respect to this input (default true). */
  wrt?: boolean;
  dtype?: "float64" | "bool" | "int64";
}

export interface GradCheckResult {
  analytic: Float64Array[];
  numeric: Float64Array[];
  maxError: number;
}

const BATCH_SIZE = 3;

function dimsOf(shape: Dim[]): number[] {
  return shape.map((d) => (typeof d === "number" ? d : BATCH_SIZE));
}

/**
 * Compares grad() on the float64 graph against central finite differences of the same
 * graph's loss. `build` returns any float tensor; it is reduced to a scalar with fixed
 * random weights so every output element's gradient is exercised.
 */
export async function gradCheck(
  inputs: CheckInput[],
  build: (xs: Sym[], g: Graph) => Sym,
  opts: { h?: number; seed?: number } = {},
): Promise<GradCheckResult> {
  const h = opts.h ?? 1e-6;
  const g = new Graph({ floatType: "float64", training: true, seed: opts.seed ?? 1 });
  const syms = inputs.map((i) => g.input(i.name, i.shape, i.dtype ?? "float64"));
  const value = build(syms, g);
  const { mul, sum } = await import("../../src/graph/ops/index.js");
  const n = value.shape.reduce<number>((p, d) => p * (typeof d === "number" ? d : BATCH_SIZE), 1);
  const probe = Array.from({ length: n }, (_, k) => Math.sin(1.3 * k + 0.7) + 0.1 * k);
  const outDims = value.shape.map((d) => (typeof d === "number" ? d : BATCH_SIZE));
  const weights = g.input("__probe", value.shape, "float64");
  const loss = value.rank === 0 ? mul(value, weights) : sum(mul(value, weights));
  const wrt = syms.filter((_, k) => inputs[k]?.wrt !== false);
  const grads = grad(loss, wrt);
  g.output("loss", loss);
  for (const [k, s] of grads.entries()) g.output(`grad${k}`, s);
  const program = await Program.fromGraph(g, "gradcheck", { threads: 1 });
  const feeds = (values: number[][]): Record<string, HostTensor> => {
    const f: Record<string, HostTensor> = {};
    for (const [k, inp] of inputs.entries()) {
      const v = values[k] as number[];
      const data =
        inp.dtype === "bool" ? Uint8Array.from(v) : inp.dtype === "int64" ? BigInt64Array.from(v.map(BigInt)) : Float64Array.from(v);
      f[(syms[k] as Sym).name] = { type: inp.dtype ?? "float64", data, dims: dimsOf(inp.shape) };
    }
    f[weights.name] = { type: "float64", data: Float64Array.from(probe), dims: outDims };
    return f;
  };
  const base = inputs.map((i) => [...i.values]);
  const result = await program.run(feeds(base));
  const analytic = grads.map((_, k) => out(result, `grad${k}`) as Float64Array);
  const lossAt = async (values: number[][]) => out(await program.run(feeds(values)), "loss")[0] as number;
  const numeric: Float64Array[] = [];
  let maxError = 0;
  let w = 0;
  for (let k = 0; k < inputs.length; k++) {
    if (inputs[k]?.wrt === false) continue;
    const values = base[k] as number[];
    const num = new Float64Array(values.length);
    for (let j = 0; j < values.length; j++) {
      const orig = values[j] as number;
      values[j] = orig + h;
      const up = await lossAt(base);
      values[j] = orig - h;
      const down = await lossAt(base);
      values[j] = orig;
      num[j] = (up - down) / (2 * h);
      const a = (analytic[w] as Float64Array)[j] as number;
      maxError = Math.max(maxError, Math.abs(a - (num[j] as number)) / Math.max(1, Math.abs(num[j] as number)));
    }
    numeric.push(num);
    w++;
  }
  return { analytic, numeric, maxError };
}

/** Deterministic test values in roughly [-1, 1], away from kinks at 0. */
export function values(n: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, k) => {
    const v = Math.sin(2.1 * (k + offset) + 0.4);
    return Math.abs(v) < 0.05 ? v + 0.1 : v;
  });
}
