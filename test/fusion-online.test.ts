import assert from "node:assert/strict";
import { test } from "node:test";
import { expectedValue, fixedRequests, type LiveBatch, type LiveSystem, selectBatch, simulateOnline } from "../src/fusion/index.js";
import { Rng } from "../src/nn/rng.js";

/** A live system whose model knows the truth: scores are the true click and purchase chances. */
class PerfectScores implements LiveSystem {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }
  async draw(requests: number): Promise<LiveBatch> {
    const candidates = 10;
    const n = requests * candidates;
    const click = Float64Array.from({ length: n }, () => 0.05 + 0.3 * this.rng.uniform());
    // conversion independent of the click: ranking by either chance alone loses value
    const purchase = click.map((c) => c * 0.3 * this.rng.uniform());
    const outcomes = {
      click: click.map((c) => (this.rng.uniform() < c ? 1 : 0)),
      purchase: new Float64Array(n),
    };
    outcomes.purchase = purchase.map((p, j) => (outcomes.click[j] === 1 && this.rng.uniform() < p / (click[j] as number) ? 1 : 0));
    return {
      requests: fixedRequests(requests, candidates),
      scores: { click, purchase },
      outcomes,
      chances: { click, purchase },
      segments: Int32Array.from({ length: requests }, (_, r) => r % 3),
    };
  }
}

const values = { click: 1, purchase: 20 };

test("the expected value sums value × chance over each request's top K of a hand-worked ranking", () => {
  const batch: LiveBatch = {
    requests: fixedRequests(2, 3),
    scores: { click: new Float64Array(6) },
    outcomes: {},
    chances: { click: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), purchase: Float64Array.of(0, 0.1, 0, 0.2, 0, 0) },
  };
  const ranking = Int32Array.of(2, 1, 0, 3, 5, 4);
  // request 0: top 2 = candidates 2, 1 → 0.3 + 0.2 + 20·0.1; request 1: 3, 5 → 0.4 + 0.6 + 20·0.2
  assert.ok(Math.abs(expectedValue(batch, ranking, { values, k: 2 }) - (2.5 + 5) / 2) < 1e-12);
  assert.throws(() => expectedValue(batch, ranking, { values: { view: 1 }, k: 2 }), { message: /"view".*reports click, purchase/ });
});

test("selectBatch keeps each request's candidates, outcomes, chances and segment together", async () => {
  const batch = await new PerfectScores(1).draw(5);
  const part = selectBatch(batch, [3, 1]);
  assert.deepEqual(Array.from(part.requests.offsets), [0, 10, 20]);
  assert.deepEqual(Array.from(part.segments ?? []), [0, 1]);
  assert.deepEqual(Array.from(part.scores.click!.subarray(0, 10)), Array.from(batch.scores.click!.subarray(30, 40)));
  assert.deepEqual(Array.from(part.outcomes.purchase!).slice(10), Array.from(batch.outcomes.purchase!).slice(10, 20));
  assert.deepEqual(Array.from(part.chances.purchase!).slice(10), Array.from(batch.chances.purchase!).slice(10, 20));
});

const loop = {
  fusion: "additive" as const,
  values,
  k: 2,
  rounds: 10,
  arms: 10,
  elite: 3,
  requestsPerArm: 1_000,
  evaluationRequests: 2_000,
  seed: 3,
};

/** The expected value of fixed weights on the loop's evaluation requests (a one-round run that cannot move). */
async function expectedOf(weights: Record<string, number>): Promise<number> {
  return (await simulateOnline(new PerfectScores(9), { ...loop, rounds: 1, start: weights, std: 1e-9, minStd: 0 })).expected;
}

test("the online loop climbs from the click score alone to the value-optimal ranking, and repeats with its seed", async () => {
  const a = await simulateOnline(new PerfectScores(9), { ...loop, start: { click: 1, purchase: 0 }, std: 5 });
  // with perfect scores, additive weights 1 : 20 rank by the true expected value: the ceiling
  const [start, ceiling] = [await expectedOf({ click: 1, purchase: 0 }), await expectedOf({ click: 1, purchase: 20 })];
  assert.equal(a.curve.length, 10);
  assert.equal(a.evaluations, 100);
  assert.equal(a.requests, 100_000);
  assert.ok(a.expected > start + 0.4, `no climb: ${start} → ${a.expected}`);
  assert.ok(a.expected > ceiling - 0.01, `${a.expected} stays below the ceiling ${ceiling}`);
  assert.ok(a.weights.purchase! / a.weights.click! > 5, `ratio ${a.weights.purchase! / a.weights.click!}`);
  const b = await simulateOnline(new PerfectScores(9), { ...loop, start: { click: 1, purchase: 0 }, std: 5 });
  assert.deepEqual(b, a);
});

test("simulateOnline names a bad count", async () => {
  await assert.rejects(simulateOnline(new PerfectScores(1), { ...loop, requestsPerArm: 0 }), {
    code: "BAD_ARGUMENT",
    message: /requestsPerArm must be a whole number ≥ 1, got 0/,
  });
});
