import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { Rng } from "../src/nn/rng.js";
import { combinedGradientNormSquared, peLtrExact, peLtrPaper } from "../src/weighting/math/pe-ltr.js";

type Problem = { G: Float64Array[]; c: number[] };

/**
 * The reference optimum, by a route that shares nothing with the solvers: the best point of a
 * grid over {ω ≥ c, Σω = 1}, refined by moving mass between the maximal violating pair of
 * tasks (SMO) with an exact line search until the KKT violation is below 1e-13·max‖g_t‖².
 */
function bruteForce({ G, c }: Problem): Float64Array {
  const T = G.length;
  const A = Array.from({ length: T }, (_, s) => Array.from({ length: T }, (_, t) => dot(G[s]!, G[t]!)));
  // Violations are measured against the size of GGᵀ, so that scaled gradients converge alike.
  const scale = Math.max(Number.MIN_VALUE, ...A.map((row, t) => row[t]!));
  const objective = (w: ArrayLike<number>) => combinedGradientNormSquared(G, w);
  const free = 1 - c.reduce((s, x) => s + x, 0);
  const steps = T <= 3 ? 60 : 16;
  let w = Float64Array.from(c);
  let best = Number.POSITIVE_INFINITY;
  for (const counts of compositions(T, steps)) {
    const point = Float64Array.from(counts, (k, t) => c[t]! + (free * k) / steps);
    const value = objective(point);
    if (value < best) {
      best = value;
      w = point;
    }
  }
  for (let iteration = 0; iteration < 1_000_000; iteration++) {
    const gradient = Array.from({ length: T }, (_, s) => 2 * A[s]!.reduce((sum, a, t) => sum + a * w[t]!, 0));
    let from = -1;
    let to = 0;
    for (let t = 0; t < T; t++) {
      if (w[t]! > c[t]! && (from < 0 || gradient[t]! > gradient[from]!)) from = t;
      if (gradient[t]! < gradient[to]!) to = t;
    }
    const violation = gradient[from]! - gradient[to]!;
    if (violation <= 1e-13 * scale) break;
    const curvature = A[from]![from]! + A[to]![to]! - 2 * A[from]![to]!;
    const step = Math.min(curvature > 0 ? violation / (2 * curvature) : Number.POSITIVE_INFINITY, w[from]! - c[from]!);
    w[from] = w[from]! - step;
    w[to] = w[to]! + step;
  }
  return w;
}

function* compositions(parts: number, total: number): Generator<number[]> {
  if (parts === 1) {
    yield [total];
    return;
  }
  for (let first = 0; first <= total; first++) for (const rest of compositions(parts - 1, total - first)) yield [first, ...rest];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < a.length; k++) total += a[k]! * b[k]!;
  return total;
}

function randomProblem(rng: Rng, T: number, P: number, boundMass: number): Problem {
  const G = Array.from({ length: T }, () => Float64Array.from({ length: P }, () => rng.normal()));
  const raw = Array.from({ length: T }, () => rng.uniform());
  const sum = raw.reduce((s, x) => s + x, 0);
  return { G, c: raw.map((x) => (boundMass * x) / sum) };
}

function assertFeasible(w: Float64Array, c: number[]): void {
  assert.ok(Math.abs(w.reduce((s, x) => s + x, 0) - 1) < 1e-12, `Σω = ${w.reduce((s, x) => s + x, 0)}`);
  for (const [t, x] of w.entries()) assert.ok(Number.isFinite(x) && x >= c[t]! - 1e-12, `ω[${t}] = ${x} against bound ${c[t]}`);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  for (let t = 0; t < expected.length; t++) {
    assert.ok(Math.abs(actual[t]! - expected[t]!) <= tolerance, `${what}[${t}]: ${actual[t]} vs ${expected[t]}`);
  }
}

test("peLtrExact reaches the brute-force optimum for random 2-, 3- and 5-task problems, with and without lower bounds", () => {
  const rng = new Rng(31);
  let boundsBinding = 0;
  for (const T of [2, 3, 5]) {
    for (const boundMass of [0, 0.3, 0.8]) {
      for (let trial = 0; trial < 8; trial++) {
        const problem = randomProblem(rng, T, 10, boundMass);
        const exact = peLtrExact(problem.G, problem.c);
        const reference = bruteForce(problem);
        assertFeasible(exact, problem.c);
        const gap = combinedGradientNormSquared(problem.G, exact) - combinedGradientNormSquared(problem.G, reference);
        assert.ok(Math.abs(gap) < 1e-9, `T = ${T}, Σc = ${boundMass}: objective gap ${gap}`);
        // Ten random directions make GGᵀ positive definite, so the optimum is unique.
        assertClose(exact, reference, 1e-6, `T = ${T} ω`);
        boundsBinding += exact.filter((x, t) => x - problem.c[t]! < 1e-12).length;
      }
    }
  }
  assert.ok(boundsBinding > 20, `only ${boundsBinding} bounds bound; the suite would not test the active set`);
});

test("peLtrPaper equals peLtrExact for two tasks, where the feasible set is a segment", () => {
  const rng = new Rng(32);
  for (let trial = 0; trial < 60; trial++) {
    const problem = randomProblem(rng, 2, 10, [0, 0.4, 0.9][trial % 3]!);
    if (trial % 4 === 0) problem.G[1] = problem.G[0]!.map((x) => -2 * x);
    assertClose(peLtrPaper(problem.G, problem.c), peLtrExact(problem.G, problem.c), 1e-9, "two-task ω");
  }
});

test("peLtrPaper is never better than peLtrExact", () => {
  const rng = new Rng(33);
  for (let trial = 0; trial < 60; trial++) {
    const problem = randomProblem(rng, 3 + (trial % 4), 4, [0, 0.5][trial % 2]!);
    const paper = peLtrPaper(problem.G, problem.c);
    assertFeasible(paper, problem.c);
    const gap = combinedGradientNormSquared(problem.G, paper) - combinedGradientNormSquared(problem.G, peLtrExact(problem.G, problem.c));
    assert.ok(gap > -1e-12, `paper beat exact by ${-gap}`);
  }
});

test("with three tasks and binding bounds the paper's Euclidean projection lands on the wrong task: 14.09 against 2.05", () => {
  // g1 and g2 nearly parallel: the equality-constrained solution puts large opposite weights on
  // them, and projecting that in the Euclidean metric keeps g2 instead of g3, the one that cancels.
  const G = [Float64Array.of(3, 2), Float64Array.of(3, 3), Float64Array.of(1, -1)];
  const c = [0.1, 0.1, 0.1];
  const exact = peLtrExact(G, c);
  const paper = peLtrPaper(G, c);
  assertClose(exact, [0.1, 0.1, 0.8], 1e-12, "exact ω");
  assertClose(paper, [0.1, 0.8, 0.1], 1e-12, "paper ω");
  assert.ok(Math.abs(combinedGradientNormSquared(G, exact) - 2.05) < 1e-12);
  assert.ok(Math.abs(combinedGradientNormSquared(G, paper) - 14.09) < 1e-12);
  assertClose(bruteForce({ G, c }), exact, 1e-9, "brute-force ω");
});

test("degenerate gradients (identical, zero, all zero, more tasks than dimensions) give finite optimal weights", () => {
  const rng = new Rng(34);
  const g = Float64Array.from({ length: 10 }, () => rng.normal());
  const h = Float64Array.from({ length: 10 }, () => rng.normal());
  const cases: Problem[] = [
    { G: [g, Float64Array.from(g), h], c: [0, 0, 0] },
    { G: [g, Float64Array.from(g), Float64Array.from(g)], c: [0.1, 0.2, 0.3] },
    { G: [g, new Float64Array(10), h], c: [0.1, 0, 0.1] },
    { G: [new Float64Array(10), new Float64Array(10)], c: [0.3, 0.1] },
    { G: Array.from({ length: 5 }, () => Float64Array.from({ length: 2 }, () => rng.normal())), c: [0, 0.1, 0, 0.1, 0] },
    { G: [g, g.map((x) => 1e8 * x), h.map((x) => 1e-6 * x)], c: [0, 0, 0] },
  ];
  for (const [index, problem] of cases.entries()) {
    const reference = combinedGradientNormSquared(problem.G, bruteForce(problem));
    for (const solve of [peLtrExact, peLtrPaper]) {
      const w = solve(problem.G, problem.c);
      assertFeasible(w, problem.c);
      if (solve === peLtrExact) {
        const objective = combinedGradientNormSquared(problem.G, w);
        assert.ok(objective - reference < 1e-9 * Math.max(1, reference), `case ${index}: ${objective} vs ${reference}`);
      }
    }
  }
});

test("lower bounds that leave no room, or a ragged G, or too many tasks to enumerate are a BAD_ARGUMENT that says what to fix", () => {
  const G = [Float64Array.of(1, 0), Float64Array.of(0, 1)];
  assert.throws(
    () => peLtrExact(G, [0.5, 0.5]),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && /keep Σc < 1/.test(e.message),
  );
  assert.throws(
    () => peLtrPaper(G, [0.7, 0.4]),
    (e: unknown) => e instanceof MtrecError && /keep Σc < 1/.test(e.message),
  );
  assert.throws(
    () => peLtrPaper([G[0]!, Float64Array.of(1)], [0, 0]),
    (e: unknown) => e instanceof MtrecError && /row 1 of G/.test(e.message),
  );
  assert.throws(
    () => peLtrExact(G, [0.1]),
    (e: unknown) => e instanceof MtrecError && /one per task/.test(e.message),
  );
  const many = Array.from({ length: 13 }, () => Float64Array.of(1));
  assert.throws(
    () => peLtrExact(many, new Array(13).fill(0)),
    (e: unknown) => e instanceof MtrecError && /use peLtrPaper/.test(e.message),
  );
});
