import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { crr } from "../src/causal/crr.js";
import { cvrBias } from "../src/causal/cvr-bias.js";
import { auc, binaryMetrics, gaucDetail, ks } from "../src/metrics/index.js";
import { ascendingOrder } from "../src/metrics/order.js";
import { FUZZ } from "./helpers/fuzz.js";

// Plain references: a comparator sort, the pairwise definition of AUC, KS over every
// threshold, GAUC through a Map. The fast paths must agree with them on data full of ties.

const comparatorOrder = (keys: ArrayLike<number>, start: number[]): number[] =>
  start
    .map((row, position) => ({ row, position }))
    .sort((a, b) => (keys[a.row] as number) - (keys[b.row] as number) || a.position - b.position)
    .map((entry) => entry.row);

const identity = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The block sums the metrics used before they shared one order, over a comparator sort: the same arithmetic. */
function blockAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, rows: number[]): number {
  const order = comparatorOrder(scores, rows);
  let area = 0;
  let positives = 0;
  let negativesBelow = 0;
  let i = 0;
  while (i < order.length) {
    const score = scores[order[i] as number];
    let p = 0;
    let q = 0;
    for (; i < order.length && scores[order[i] as number] === score; i++) {
      if (labels[order[i] as number] === 1) p++;
      else q++;
    }
    area += p * (negativesBelow + q / 2);
    positives += p;
    negativesBelow += q;
  }
  return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : Number.NaN;
}

function pairwiseAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, rows: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (const i of rows) {
    if (labels[i] !== 1) continue;
    for (const j of rows) {
      if (labels[j] !== 0) continue;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
      pairs++;
    }
  }
  return pairs > 0 ? wins / pairs : Number.NaN;
}

function thresholdKs(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const rows = identity(labels.length);
  const positives = rows.filter((i) => labels[i] === 1).length;
  const negatives = rows.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let statistic = 0;
  for (const threshold of new Set(Array.from(scores))) {
    const p = rows.filter((i) => labels[i] === 1 && (scores[i] as number) <= threshold).length;
    const q = rows.filter((i) => labels[i] !== 1 && (scores[i] as number) <= threshold).length;
    statistic = Math.max(statistic, Math.abs(p / positives - q / negatives));
  }
  return statistic;
}

function mapGauc(labels: ArrayLike<number>, scores: ArrayLike<number>, groups: ArrayLike<number>): number {
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) byGroup.set(groups[i] as number, [...(byGroup.get(groups[i] as number) ?? []), i]);
  let sum = 0;
  let rows = 0;
  for (const members of byGroup.values()) {
    const a = pairwiseAuc(labels, scores, members);
    if (Number.isNaN(a)) continue;
    sum += members.length * a;
    rows += members.length;
  }
  return rows > 0 ? sum / rows : Number.NaN;
}

const closeTo = (actual: number, expected: number, what: string) => {
  if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `${what}: ${actual}, expected NaN`);
  else assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected), `${what}: ${actual}, expected ${expected}`);
};

/** Rows with few distinct probabilities (so many ties), labels leaning on the score, and a few groups. */
const rowsWithTies = fc
  .record({ n: fc.integer({ min: 0, max: 120 }), levels: fc.integer({ min: 1, max: 12 }), groupCount: fc.integer({ min: 1, max: 6 }) })
  .chain(({ n, levels, groupCount }) =>
    fc
      .array(
        fc.record({
          level: fc.integer({ min: 0, max: levels - 1 }),
          coin: fc.double({ min: 0, max: 1, noNaN: true }),
          group: fc.integer({ min: -3, max: groupCount }),
        }),
        { minLength: n, maxLength: n },
      )
      .map((cells) => {
        const scores = Float32Array.from(cells, (c) => c.level / Math.max(1, levels - 1));
        const labels = Float32Array.from(cells, (c, i) => (c.coin < 0.2 + 0.6 * (scores[i] as number) ? 1 : 0));
        const groups = Int32Array.from(cells, (c) => c.group);
        return { scores, labels, groups };
      }),
  );

test("ascendingOrder of float32 and int32 keys is a stable comparator sort, −0 tied with +0", () => {
  fc.assert(
    fc.property(
      fc.array(fc.float({ noNaN: true }), { maxLength: 200 }),
      fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 200 }),
      fc.integer({ min: 0, max: 3 }),
      (floats, ints, tieEvery) => {
        const floatKeys = Float32Array.from(floats, (v, i) => (tieEvery > 0 && i % tieEvery === 0 ? -0 : v));
        const intKeys = Int32Array.from(ints, (v, i) => (tieEvery > 0 && i % tieEvery === 0 ? 7 : v));
        const reversed = (n: number) => identity(n).reverse();
        assert.deepEqual(Array.from(ascendingOrder(floatKeys)), comparatorOrder(floatKeys, identity(floatKeys.length)));
        assert.deepEqual(
          Array.from(ascendingOrder(intKeys, Uint32Array.from(reversed(intKeys.length)))),
          comparatorOrder(intKeys, reversed(intKeys.length)),
        );
      },
    ),
    FUZZ,
  );
});

test("binaryMetrics, auc and ks from one shared sort equal the block sums to the bit and the pairwise AUC within 1e-12", () => {
  fc.assert(
    fc.property(rowsWithTies, ({ scores, labels, groups }) => {
      const rows = identity(scores.length);
      const m = binaryMetrics(labels, scores, groups, ascendingOrder(scores));
      assert.equal(m.auc, blockAuc(labels, scores, rows));
      assert.equal(auc(labels, scores), m.auc);
      closeTo(m.auc, pairwiseAuc(labels, scores, rows), "auc");
      assert.equal(m.ks, thresholdKs(labels, scores));
      assert.equal(ks(labels, scores), m.ks);
      closeTo(m.gauc as number, mapGauc(labels, scores, groups), "gauc");
      assert.deepEqual(binaryMetrics(labels, scores, groups), m);
    }),
    FUZZ,
  );
});

test("GAUC's per-group AUCs equal the block sums of each group to the bit", () => {
  fc.assert(
    fc.property(rowsWithTies, ({ scores, labels, groups }) => {
      const ids = [...new Set(groups)].sort((a, b) => a - b);
      let sum = 0;
      let rows = 0;
      let used = 0;
      for (const g of ids) {
        const members = identity(groups.length).filter((i) => groups[i] === g);
        const a = blockAuc(labels, scores, members);
        if (Number.isNaN(a)) continue;
        sum += members.length * a;
        rows += members.length;
        used++;
      }
      const detail = gaucDetail(labels, scores, groups);
      assert.equal(detail.gauc, used > 0 ? sum / rows : Number.NaN);
      assert.equal(detail.groupsUsed, used);
    }),
    FUZZ,
  );
});

test("cvrBias's three AUCs from one sort of pCVR equal each subset's own AUC, and CRR is the same with the shared pCTR order", () => {
  fc.assert(
    fc.property(
      rowsWithTies,
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 120, maxLength: 120 }),
      ({ scores, labels }, ctrLevels) => {
        const n = scores.length;
        const click = Float32Array.from(labels);
        const truthR = Float32Array.from(ctrLevels.slice(0, n), (level, i) => ((level + i) % 3 === 0 ? 1 : 0));
        const purchase = Float32Array.from(click, (c, i) => c * (truthR[i] as number));
        const pctr = Float32Array.from(ctrLevels.slice(0, n), (level) => level / 9);
        const input = { click, purchase, pcvr: scores, truthR, pctr };
        const shared = cvrBias({ ...input, pcvrOrder: ascendingOrder(scores), pctrOrder: ascendingOrder(pctr) });
        const clicked = identity(n).filter((i) => click[i] === 1);
        const unclicked = identity(n).filter((i) => click[i] !== 1);
        assert.equal(shared.aucO, blockAuc(purchase, scores, clicked));
        assert.equal(shared.aucD, blockAuc(truthR, scores, identity(n)));
        assert.equal(shared.aucUnclicked, blockAuc(truthR, scores, unclicked));
        closeTo(shared.aucUnclicked as number, pairwiseAuc(truthR, scores, unclicked), "aucUnclicked");
        assert.deepEqual(shared.crr, crr(click, pctr, scores));
        assert.deepEqual(cvrBias(input), shared);
      },
    ),
    FUZZ,
  );
});
