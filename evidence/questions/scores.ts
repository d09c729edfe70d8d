import { fixedRequests } from "../../src/fusion/requests.js";
import { Rng } from "../../src/nn/rng.js";

/**
 * Per-task scores for `requests` requests of `candidates` candidates: each task's logit a
 * standard normal plus a share `correlation` of a common one, through a sigmoid with its own
 * offset, so scores sit on different scales (a click rate near 0.1, a conversion rate near 0.01).
 */
export function randomScores(
  seed: number,
  requests: number,
  candidates: number,
  offsets: Record<string, number>,
  correlation = 0.3,
): { scores: Record<string, Float64Array>; requests: ReturnType<typeof fixedRequests> } {
  const rng = new Rng(seed);
  const n = requests * candidates;
  const scores = Object.fromEntries(Object.keys(offsets).map((t) => [t, new Float64Array(n)]));
  for (let i = 0; i < n; i++) {
    const common = rng.normal();
    for (const [t, offset] of Object.entries(offsets)) {
      const z = offset + Math.sqrt(1 - correlation) * rng.normal() + Math.sqrt(correlation) * common;
      (scores[t] as Float64Array)[i] = 1 / (1 + Math.exp(-z));
    }
  }
  return { scores, requests: fixedRequests(requests, candidates) };
}
