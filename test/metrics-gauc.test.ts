import assert from "node:assert/strict";
import { test } from "node:test";
import { auc, gauc, gaucDetail } from "../src/metrics/index.js";
import { Rng } from "../src/nn/rng.js";

test("gauc weights each group's AUC by its rows and skips single-class groups", () => {
  // Group 7: positive 0.9 beats 0.3, loses to 0.95, AUC ½ over 3 rows.
  // Group 2: 0.6 beats both negatives, 0.2 ties one and beats one, AUC 3.5/4 over 4 rows.
  // Group 5 (positives only) and group 9 (one negative) have no AUC.
  const groups = [7, 2, 5, 7, 2, 9, 2, 7, 5, 2];
  const labels = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
  const scores = [0.9, 0.2, 0.4, 0.3, 0.6, 0.5, 0.2, 0.95, 0.1, 0.1];
  assert.deepEqual(gaucDetail(labels, scores, groups), { gauc: (3 * 0.5 + 4 * 0.875) / 7, groupsUsed: 2, groupsSkipped: 2 });
});

test("gauc is NaN when no group holds both classes", () => {
  assert.deepEqual(gaucDetail([1, 0, 1], [0.2, 0.4, 0.6], [1, 2, 3]), { gauc: Number.NaN, groupsUsed: 0, groupsSkipped: 3 });
  assert.ok(Number.isNaN(gauc([], [], [])));
});

test("gauc of a single group equals its auc", () => {
  const labels = [0, 1, 0, 1, 1];
  const scores = [0.3, 0.3, 0.1, 0.8, 0.05];
  assert.equal(gauc(labels, scores, [4, 4, 4, 4, 4]), auc(labels, scores));
});

test("gauc equals the row-weighted mean of per-group aucs on random data with large group ids", () => {
  const rng = new Rng(11);
  const n = 4000;
  // Ids past 2³² check that groups are compared as doubles, not truncated.
  const groups = Float64Array.from({ length: n }, () => 1e12 + rng.int(300) * 4294967296);
  const labels = Float32Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 1 : 0));
  const scores = Float32Array.from(labels, (y) => (rng.int(10) + 3 * y) / 13);
  let weightedSum = 0;
  let rows = 0;
  let used = 0;
  for (const group of new Set(groups)) {
    const rowsOf = Array.from(groups.keys()).filter((i) => groups[i] === group);
    const groupAuc = auc(
      rowsOf.map((i) => labels[i] as number),
      rowsOf.map((i) => scores[i] as number),
    );
    if (Number.isNaN(groupAuc)) continue;
    weightedSum += rowsOf.length * groupAuc;
    rows += rowsOf.length;
    used++;
  }
  const detail = gaucDetail(labels, scores, groups);
  assert.ok(Math.abs(detail.gauc - weightedSum / rows) < 1e-12);
  assert.equal(detail.groupsUsed, used);
  assert.equal(detail.groupsUsed + detail.groupsSkipped, new Set(groups).size);
});

test("gauc rejects a NaN group id and groups of the wrong length", () => {
  assert.throws(() => gauc([0, 1], [0.1, 0.2], [1, Number.NaN]), /groups\[1\] is NaN/);
  assert.throws(() => gauc([0, 1], [0.1, 0.2], [1]), /labels has 2 rows but groups has 1/);
});
