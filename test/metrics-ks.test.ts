import assert from "node:assert/strict";
import { test } from "node:test";
import { ks } from "../src/metrics/index.js";
import { Rng } from "../src/nn/rng.js";

/** max |TPR − FPR| with the threshold "score ≥ t" tried at every distinct score. */
function thresholdKs(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const positives = Array.from(labels).filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  let best = 0;
  for (const t of new Set(Array.from(scores))) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < labels.length; i++) {
      if ((scores[i] as number) < t) continue;
      if (labels[i] === 1) tp++;
      else fp++;
    }
    best = Math.max(best, Math.abs(tp / positives - fp / negatives));
  }
  return best;
}

test("ks of labels [0,0,1,1] and scores [0.1,0.4,0.35,0.8] is 0.5", () => {
  assert.equal(ks([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.5);
});

test("ks moves a tied block across the threshold whole", () => {
  // Splitting the tie at 0.5 positives-first would reach TPR 2/3 at FPR 0, a gap of 2/3.
  const statistic = ks([0, 1, 0, 1, 1, 0], [0.2, 0.2, 0.5, 0.5, 0.9, 0.1]);
  assert.ok(Math.abs(statistic - 1 / 3) < 1e-15);
});

test("ks is 1 for perfectly separated classes, whichever class scores higher", () => {
  assert.equal(ks([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.8]), 1);
  assert.equal(ks([1, 1, 0, 0], [0.1, 0.2, 0.7, 0.8]), 1);
});

test("ks matches scikit-learn's max |tpr − fpr| over roc_curve", () => {
  const labels = Array.from({ length: 50 }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));
  const scores = Array.from({ length: 50 }, (_, i) => ((i * 13) % 11) / 10);
  // From sklearn 1.2.1 (and scipy's ks_2samp of the two classes' scores): 0.05.
  assert.ok(Math.abs(ks(labels, scores) - 0.05) < 1e-12);
});

test("ks equals the gap found by trying every threshold on random data with ties", () => {
  const rng = new Rng(21);
  const labels = Float32Array.from({ length: 1500 }, () => (rng.uniform() < 0.4 ? 1 : 0));
  const scores = Float32Array.from(labels, (y) => (rng.int(25) + 4 * y) / 29);
  assert.ok(Math.abs(ks(labels, scores) - thresholdKs(labels, scores)) < 1e-12);
});

test("ks is NaN when the rows hold one class only, or none", () => {
  assert.ok(Number.isNaN(ks([0, 0, 0], [0.1, 0.5, 0.9])));
  assert.ok(Number.isNaN(ks([], [])));
});
