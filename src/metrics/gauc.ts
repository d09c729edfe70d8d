import { checkBinaryLabels, checkNotNaN, checkSameLength } from "./check.js";
import { ascendingOrder } from "./order.js";
import { aucOfRanked, ranked } from "./ranked.js";

export interface GaucDetail {
  /** Σ rows_g · AUC_g / Σ rows_g over the groups used; NaN when no group was used. */
  gauc: number;
  /** Groups holding both classes. */
  groupsUsed: number;
  /** Groups holding one class only, which have no AUC. */
  groupsSkipped: number;
}

/**
 * Group AUC (Zhu et al., 2017, "Optimized Cost per Click in Taobao Display Advertising"):
 * the AUC within each group (a user, a session), averaged with each group's row count as
 * its weight. It asks whether a user's own items are ranked well, which a global AUC
 * mixes up with ranking users against each other. Groups whose rows are all positive or
 * all negative are skipped. Group ids are compared as numbers, so pass them in an array
 * that holds them exactly: a Float32Array holds integers only up to 2²⁴.
 */
export function gaucDetail(labels: ArrayLike<number>, scores: ArrayLike<number>, groups: ArrayLike<number>): GaucDetail {
  checkSameLength("gauc", { labels, scores, groups });
  checkBinaryLabels("gauc", labels);
  checkNotNaN("gauc", "scores", scores);
  checkNotNaN("gauc", "groups", groups);
  return gaucOfScoreOrder(labels, scores, groups, ascendingOrder(scores));
}

/** The GAUC alone; see gaucDetail. */
export function gauc(labels: ArrayLike<number>, scores: ArrayLike<number>, groups: ArrayLike<number>): number {
  return gaucDetail(labels, scores, groups).gauc;
}

/** GAUC from rows already ordered by ascending score, so callers that sorted once can reuse it. */
export function gaucOfScoreOrder(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  groups: ArrayLike<number>,
  scoreOrder: Uint32Array,
): GaucDetail {
  // The sort is stable, so within each group the rows stay in ascending score order.
  const order = ascendingOrder(groups, scoreOrder);
  const rows = ranked(labels, scores, order);
  const sortedGroups = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) sortedGroups[i] = groups[order[i] as number] as number;
  let weightedSum = 0;
  let rowsUsed = 0;
  let groupsUsed = 0;
  let groupsSkipped = 0;
  let from = 0;
  while (from < order.length) {
    const group = sortedGroups[from];
    let to = from + 1;
    while (to < order.length && sortedGroups[to] === group) to++;
    const groupAuc = aucOfRanked(rows, from, to);
    if (Number.isNaN(groupAuc)) {
      groupsSkipped++;
    } else {
      weightedSum += (to - from) * groupAuc;
      rowsUsed += to - from;
      groupsUsed++;
    }
    from = to;
  }
  return { gauc: groupsUsed > 0 ? weightedSum / rowsUsed : Number.NaN, groupsUsed, groupsSkipped };
}
