import { grad } from "../src/graph/grad.js";
import type { Sym } from "../src/graph/graph.js";
import type { HostTensor } from "../src/runtime/tensor.js";
import { StaticWeighting } from "../src/weighting/static.js";
import type { WeightingStrategy, WeightingTrace } from "../src/weighting/strategy.js";

/** A parameter's group: `tower.<task>` and `gate.<task>` per task, else its first name part (bottom, experts, encoder). */
export function groupOf(name: string): string {
  const parts = name.split(".");
  return parts[0] === "tower" || parts[0] === "gate" ? parts.slice(0, 2).join(".") : (parts[0] as string);
}

/**
 * Static weights, plus every term's own gradient on every dense parameter and on the gathered
 * embedding rows, read back from the same step graph (one extra backward pass per term): what
 * each task's loss alone sends into each part of the model.
 */
export class GradientProbe implements WeightingStrategy {
  readonly type = "gradient-probe";
  private readonly base = new StaticWeighting();
  private terms: string[] = [];
  private groups: string[] = [];
  /** Per term, per group: the sum over steps of ‖g‖², and for pairs of terms the sum of g·g'. */
  readonly sums = new Map<string, number>();
  steps = 0;

  trace(t: WeightingTrace): { loss: Sym; outputs: Record<string, Sym> } {
    const { loss } = this.base.trace(t);
    const wrt = t.graph.inputs.filter((i) => i.kind === "param" || i.kind === "gather");
    this.groups = wrt.map((i) => (i.kind === "gather" ? "embedding" : groupOf(i.key)));
    this.terms = Object.keys(t.terms);
    const outputs: Record<string, Sym> = {};
    for (const [term, { loss: l }] of Object.entries(t.terms)) {
      for (const [k, g] of grad(
        l,
        wrt.map((i) => i.sym),
      ).entries())
        outputs[`probe:${term}:${k}`] = g;
    }
    return { loss, outputs };
  }

  feeds(): Record<string, Float32Array> {
    return {};
  }

  /** Adds one step's per-term squared norms and cross products, by group. */
  record(outputs: Record<string, HostTensor>): void {
    this.steps++;
    const add = (key: string, v: number) => this.sums.set(key, (this.sums.get(key) ?? 0) + v);
    for (const [k, group] of this.groups.entries()) {
      const vectors = this.terms.map((term) => outputs[`probe:${term}:${k}`]?.data as Float32Array);
      for (const [a, ta] of this.terms.entries()) {
        for (const [b, tb] of this.terms.entries()) {
          if (b < a) continue;
          const va = vectors[a] as Float32Array;
          const vb = vectors[b] as Float32Array;
          let dot = 0;
          for (let i = 0; i < va.length; i++) dot += (va[i] as number) * (vb[i] as number);
          add(`${group}|${ta}|${tb}`, dot);
        }
      }
    }
  }

  after(): void {}

  weights(): Record<string, number> {
    return this.base.weights();
  }

  /** Per group: each term's RMS gradient norm over the recorded steps, and the mean cosine of two terms' gradients. */
  summary(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    const groups = [...new Set(this.groups)];
    for (const group of groups) {
      const row: Record<string, number> = {};
      const sq = (a: string, b: string) => this.sums.get(`${group}|${a}|${b}`) ?? 0;
      for (const t of this.terms) row[`‖∇ ${t}‖`] = Math.sqrt(sq(t, t) / this.steps);
      const [a, b] = this.terms as [string, string];
      const denom = Math.sqrt(sq(a, a) * sq(b, b));
      // only where both tasks reach the part: a tower reached by one task has no angle
      if (denom > 0) row[`cos(∇ ${a}, ∇ ${b})`] = sq(a, b) / denom;
      out[group] = row;
    }
    return out;
  }
}
