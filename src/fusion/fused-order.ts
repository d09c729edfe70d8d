import { type FusionSpec, fuse, rankWithin, type TaskScores } from "./fuse.js";
import { groupRequests, reorder } from "./requests.js";

/**
 * Fuses per-row scores of rows in file order, grouped into requests by `keys` (all rows one
 * request without them): each row's fused score and its 1-based rank within its request.
 */
export function fusedOrder(scores: TaskScores, spec: FusionSpec, keys?: readonly string[]): { fused: Float64Array; rank: Int32Array } {
  const rows = Object.values(scores)[0]?.length ?? 0;
  const { order, requests } = groupRequests(keys ?? new Array<string>(rows).fill(""));
  const grouped = Object.fromEntries(Object.entries(scores).map(([task, s]) => [task, reorder(s, order)]));
  const fusedGrouped = fuse(grouped, requests, spec);
  const ranking = rankWithin(fusedGrouped, requests);
  const fused = new Float64Array(rows);
  const rank = new Int32Array(rows);
  const { offsets } = requests;
  for (let r = 0; r + 1 < offsets.length; r++) {
    for (let j = offsets[r] as number; j < (offsets[r + 1] as number); j++) {
      fused[order[j] as number] = fusedGrouped[j] as number;
      rank[order[ranking[j] as number] as number] = j - (offsets[r] as number) + 1;
    }
  }
  return { fused, rank };
}
