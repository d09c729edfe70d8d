import { MtrecError } from "../../errors.js";
import { checkNotNaN } from "../../metrics/check.js";
import { ascendingOrder } from "../../metrics/order.js";
import { checkMatchArguments, lowerBound, type Matches } from "../matching.js";

/**
 * Greedy nearest-neighbour matching on a scalar score without replacement: treated rows
 * take their turn in `visitOrder` (indices into `treatedScores`), and each takes its k
 * nearest controls still free within `caliper`, which are then gone for everyone after it.
 * The result is in treated-row order, in the same compressed form as `matchNearest`, so a
 * row whose turn came after its neighbours were taken may have fewer than k controls or none.
 * Equally near free controls on both sides go to the one with the lower index.
 *
 * Free controls are found with two "nearest free position" forests over the sorted scores
 * (union–find with path halving), so removing a control is O(1) and each lookup nearly so:
 * n treated rows cost O((m + n) log m + n·k) rather than the n·m of a scan per row.
 */
export function matchGreedyWithoutReplacement(
  treatedScores: ArrayLike<number>,
  controlScores: ArrayLike<number>,
  k: number,
  caliper: number,
  visitOrder: ArrayLike<number>,
): Matches {
  checkMatchArguments("matchGreedyWithoutReplacement", k, caliper);
  checkNotNaN("matchGreedyWithoutReplacement", "treatedScores", treatedScores);
  checkNotNaN("matchGreedyWithoutReplacement", "controlScores", controlScores);
  const n = treatedScores.length;
  const visited = new Uint8Array(n);
  for (let v = 0; v < visitOrder.length; v++) {
    const row = visitOrder[v] as number;
    if (!(Number.isInteger(row) && row >= 0 && row < n) || visited[row] === 1) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: matchGreedyWithoutReplacement: visitOrder[${v}] is ${row}; it must be a permutation of the ${n} treated rows' indices.`,
      );
    }
    visited[row] = 1;
  }
  if (visitOrder.length !== n) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: matchGreedyWithoutReplacement: visitOrder has ${visitOrder.length} entries for ${n} treated rows; give every row a turn.`,
    );
  }
  const m = controlScores.length;
  const order = ascendingOrder(controlScores);
  const sorted = Float64Array.from(order, (row) => controlScores[row] as number);
  // right[p]: nearest free position ≥ p, m when none; left[p + 1]: nearest free ≤ p, plus one (0 when none).
  const right = Int32Array.from({ length: m + 1 }, (_, p) => p);
  const left = Int32Array.from({ length: m + 1 }, (_, p) => p);
  const findRight = (p: number): number => find(right, p);
  const findLeft = (p: number): number => find(left, p + 1) - 1;

  const taken = new Int32Array(n * k);
  const counts = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const row = visitOrder[v] as number;
    const score = treatedScores[row] as number;
    const start = lowerBound(sorted, score);
    let r = findRight(start);
    let l = findLeft(start - 1);
    let count = 0;
    while (count < k && (l >= 0 || r < m)) {
      const leftDistance = l >= 0 ? score - (sorted[l] as number) : Number.POSITIVE_INFINITY;
      const rightDistance = r < m ? (sorted[r] as number) - score : Number.POSITIVE_INFINITY;
      const fromLeft = leftDistance < rightDistance || (leftDistance === rightDistance && (order[l] as number) < (order[r] as number));
      if (!(Math.min(leftDistance, rightDistance) <= caliper)) break;
      const position = fromLeft ? l : r;
      taken[row * k + count++] = order[position] as number;
      right[position] = position + 1;
      left[position + 1] = position;
      if (fromLeft) l = findLeft(l - 1);
      else r = findRight(r + 1);
    }
    counts[row] = count;
  }

  const offsets = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) offsets[t + 1] = (offsets[t] as number) + (counts[t] as number);
  const indices = new Int32Array(offsets[n] as number);
  for (let t = 0; t < n; t++) indices.set(taken.subarray(t * k, t * k + (counts[t] as number)), offsets[t] as number);
  return { offsets, indices };
}

/** The root of p in a forest whose roots are the free positions; halves the path as it goes. */
function find(parent: Int32Array, p: number): number {
  let node = p;
  while (parent[node] !== node) {
    const grandparent = parent[parent[node] as number] as number;
    parent[node] = grandparent;
    node = grandparent;
  }
  return node;
}
