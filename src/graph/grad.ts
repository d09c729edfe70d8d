import { MtrecError } from "../errors.js";
import type { Sym } from "./graph.js";
import { add } from "./ops/add.js";
import { expandAs } from "./ops/expand.js";

function sumAll(parts: Sym[]): Sym {
  return parts.reduce((acc, p) => add(acc, p));
}

function zerosLike(x: Sym): Sym {
  return expandAs(x.graph.scalar(0), x);
}

/** Which of `candidates` a scalar depends on through differentiable nodes. */
export function dependsOn(value: Sym, candidates: readonly Sym[]): boolean[] {
  const seen = new Set<number>();
  const stack: Sym[] = [value];
  while (stack.length > 0) {
    const s = stack.pop() as Sym;
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    if (s.gradRule) for (const p of s.gradInputs) stack.push(p);
  }
  return candidates.map((c) => seen.has(c.id));
}

/**
 * Emits the backward pass of a scalar `loss` into its graph and returns d loss / d w for
 * each `w`. Only values on a path from some `w` to `loss` are differentiated; a `w` the
 * loss does not depend on gets zeros. Calling it again (per task) adds another backward
 * pass to the same graph, so one run yields every task's gradients.
 */
export function grad(loss: Sym, wrt: readonly Sym[]): Sym[] {
  if (loss.rank !== 0 || !loss.isFloat) throw new MtrecError("GRAPH", `mtrec: grad: the loss must be a float scalar, got ${loss}`);
  for (const w of wrt) {
    if (w.graph !== loss.graph) throw new MtrecError("GRAPH", `mtrec: grad: ${w} belongs to another graph than the loss`);
    if (!w.isFloat) throw new MtrecError("GRAPH", `mtrec: grad: cannot differentiate with respect to ${w}`);
  }
  // Ancestors of the loss through differentiable nodes; a node without a rule is a leaf.
  const ancestors = new Map<number, Sym>();
  const stack: Sym[] = [loss];
  while (stack.length > 0) {
    const s = stack.pop() as Sym;
    if (ancestors.has(s.id)) continue;
    ancestors.set(s.id, s);
    if (s.gradRule) for (const p of s.gradInputs) stack.push(p);
  }
  // Of those, the ones that depend on some w: ids grow in topological order.
  const dependsOnWrt = new Set<number>(wrt.map((w) => w.id));
  const ordered = [...ancestors.values()].sort((a, b) => a.id - b.id);
  for (const s of ordered) {
    if (s.gradRule && s.gradInputs.some((p) => dependsOnWrt.has(p.id))) dependsOnWrt.add(s.id);
  }
  const pending = new Map<number, Sym[]>([[loss.id, [loss.graph.scalar(1, loss.dtype)]]]);
  for (let i = ordered.length - 1; i >= 0; i--) {
    const s = ordered[i] as Sym;
    const parts = pending.get(s.id);
    if (!parts || !s.gradRule || !dependsOnWrt.has(s.id)) continue;
    const gy = sumAll(parts);
    pending.set(s.id, [gy]);
    const needs = s.gradInputs.map((p) => dependsOnWrt.has(p.id));
    const grads = s.gradRule(gy, needs);
    s.gradInputs.forEach((p, k) => {
      const gp = grads[k];
      if (!needs[k] || !gp) return;
      const list = pending.get(p.id);
      if (list) list.push(gp);
      else pending.set(p.id, [gp]);
    });
  }
  return wrt.map((w) => {
    const parts = pending.get(w.id);
    return parts ? sumAll(parts) : zerosLike(w);
  });
}
