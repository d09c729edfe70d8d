import { grad } from "../graph/grad.js";
import type { Sym } from "../graph/graph.js";
import type { Parameter } from "../nn/parameter.js";
import type { HostTensor } from "../runtime/tensor.js";
import type { WeightingTrace } from "./strategy.js";

const name = (term: string, k: number): string => `taskgrad:${term}:${k}`;

/**
 * Each term's gradient on every shared parameter, as extra step outputs: one backward pass
 * per term in the same graph as the forward, which runs once.
 */
export function traceTaskGradients(t: WeightingTrace): Record<string, Sym> {
  const outputs: Record<string, Sym> = {};
  const wrt = t.shared.map((s) => s.sym);
  for (const [term, { loss }] of Object.entries(t.terms)) {
    for (const [k, g] of grad(loss, wrt).entries()) outputs[name(term, k)] = g;
  }
  return outputs;
}

/** A term's gradient on all shared parameters as one vector (float64, for the solvers). */
export function taskGradient(outputs: Record<string, HostTensor>, term: string, shared: readonly Parameter[]): Float64Array {
  const size = shared.reduce((n, p) => n + p.size, 0);
  const out = new Float64Array(size);
  let at = 0;
  for (const [k, p] of shared.entries()) {
    const g = outputs[name(term, k)]?.data as Float32Array;
    out.set(g, at);
    at += p.size;
  }
  return out;
}

/** Writes a combined gradient vector back into the shared parameters' gradients. */
export function setSharedGradient(shared: readonly Parameter[], v: ArrayLike<number>): void {
  let at = 0;
  for (const p of shared) {
    for (let i = 0; i < p.size; i++) p.grad[i] = v[at + i] as number;
    at += p.size;
  }
}
