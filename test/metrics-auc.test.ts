import assert from "node:assert/strict";
import { test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { auc } from "../src/metrics/index.js";
import { Rng } from "../src/nn/rng.js";

/** P(s+ > s−) + ½·P(s+ = s−) over all positive–negative pairs, each pair weighted by w+·w−. */
function pairwiseAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      const w = weights ? (weights[i] as number) * (weights[j] as number) : 1;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      wins += si > sj ? w : si === sj ? w / 2 : 0;
      pairs += w;
    }
  }
  return wins / pairs;
}

function randomRows(seed: number, n: number, distinctScores: number) {
  const rng = new Rng(seed);
  const labels = Float32Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
  // Scores depend on the label a little, so the AUC is away from ½ and errors show.
  const scores = Float32Array.from(labels, (y) => Math.min(distinctScores - 1, rng.int(distinctScores) + y * rng.int(3)) / distinctScores);
  const weights = Float32Array.from({ length: n }, () => rng.int(4) / 2);
  return { labels, scores, weights };
}

/** 50 rows from closed forms, so scikit-learn could compute on the same data. */
const formulaRows = {
  labels: Array.from({ length: 50 }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0)),
  scores: Array.from({ length: 50 }, (_, i) => ((i * 13) % 11) / 10),
  weights: Array.from({ length: 50 }, (_, i) => 1 + (i % 4) / 2),
};

test("auc of labels [0,0,1,1] and scores [0.1,0.4,0.35,0.8] is 0.75", () => {
  assert.equal(auc([0, 0, 1, 1], Float32Array.of(0.1, 0.4, 0.35, 0.8)), 0.75);
});

test("auc is 0.5 when every score is tied", () => {
  assert.equal(auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]), 0.5);
});

test("auc counts a positive tied with a negative as half a win", () => {
  // Pairs: 0.5 vs 0.1 wins, 0.5 vs 0.5 ties, 0.9 wins both: 3.5 of 4.
  assert.equal(auc([0, 1, 0, 1], [0.1, 0.5, 0.5, 0.9]), 0.875);
});

test("auc equals the pairwise count on random data with many ties", () => {
  for (const [seed, n, distinct] of [
    [1, 3000, 5],
    [2, 3000, 200],
    [3, 500, 2],
    [4, 2000, 100000],
  ] as const) {
    const { labels, scores } = randomRows(seed, n, distinct);
    const expected = pairwiseAuc(labels, scores);
    assert.ok(Math.abs(auc(labels, scores) - expected) < 1e-12, `seed ${seed}: ${auc(labels, scores)} vs ${expected}`);
  }
});

test("weighted auc equals the pairwise count with each pair weighted by w+·w−", () => {
  const { labels, scores, weights } = randomRows(5, 2000, 30);
  assert.ok(Math.abs(auc(labels, scores, weights) - pairwiseAuc(labels, scores, weights)) < 1e-12);
});

test("auc matches scikit-learn's roc_auc_score with and without sample weights", () => {
  const { labels, scores, weights } = formulaRows;
  // From sklearn 1.2.1: roc_auc_score(y, s) and roc_auc_score(y, s, sample_weight=w).
  assert.ok(Math.abs(auc(labels, scores) - 0.5149999999999999) < 1e-12);
  assert.ok(Math.abs(auc(labels, scores, weights) - 0.5560924369747899) < 1e-12);
});

test("auc gives a zero-weight row no influence", () => {
  const labels = [0, 1, 0, 1, 0];
  const scores = [0.1, 0.2, 0.3, 0.4, 0.9];
  assert.equal(auc(labels, scores, [1, 1, 1, 1, 0]), auc(labels.slice(0, 4), scores.slice(0, 4)));
});

test("auc is unchanged by a monotone transform of the scores", () => {
  const { labels, scores } = randomRows(6, 1000, 40);
  const logits = Float64Array.from(scores, (s) => Math.log(s + 1e-3) - Math.log1p(-s + 1e-3));
  assert.equal(auc(labels, logits), auc(labels, scores));
});

test("auc is NaN when the rows hold one class only, or none", () => {
  assert.ok(Number.isNaN(auc([1, 1, 1], [0.2, 0.5, 0.9])));
  assert.ok(Number.isNaN(auc([0, 0], [0.2, 0.5])));
  assert.ok(Number.isNaN(auc([], [])));
});

test("auc rejects labels and scores of different lengths, naming both", () => {
  assert.throws(
    () => auc([0, 1, 1], [0.3, 0.6]),
    (e: unknown) => e instanceof MtrecError && e.code === "BAD_ARGUMENT" && /labels has 3 rows but scores has 2/.test(e.message),
  );
});

test("auc rejects a label other than 0 or 1 and a NaN score, with the row", () => {
  assert.throws(() => auc([0, 2, 1], [0.1, 0.2, 0.3]), /labels\[1\] is 2/);
  assert.throws(() => auc([0, 1, 1], [0.1, Number.NaN, 0.3]), /scores\[1\] is NaN/);
});
