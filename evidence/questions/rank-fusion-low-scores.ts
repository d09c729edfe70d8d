import { type FusionSpec, fuse, type Requests, rankWithin } from "../../src/fusion/fuse.js";
import type { Question } from "../evidence.js";
import { cellOf, type MeanStd, pushTo, summarise } from "../stats.js";
import { randomScores } from "./scores.js";

const TOP = 10;
const CANDIDATES = 50;
const WEIGHTS = { click: 1, purchase: 1 };

/**
 * A "one very low score" candidate: in the top 5 of its request on one task and in the bottom
 * 5 on the other. Returns how often such candidates reach the fused top 10, against how often
 * any candidate does (10 / 50).
 */
function promotion(scores: Record<string, Float64Array>, requests: Requests, spec: FusionSpec): Record<string, number> {
  const byTask = Object.keys(WEIGHTS).map((t) => rankWithin(scores[t] as Float64Array, requests));
  const position = byTask.map((order) => {
    const pos = new Int32Array(order.length);
    const { offsets } = requests;
    for (let r = 0; r + 1 < offsets.length; r++) for (let j = offsets[r]!; j < offsets[r + 1]!; j++) pos[order[j]!] = j - offsets[r]!;
    return pos;
  });
  const fused = rankWithin(fuse(scores, requests, spec), requests);
  const inTop = new Uint8Array(fused.length);
  const { offsets } = requests;
  for (let r = 0; r + 1 < offsets.length; r++)
    for (let j = offsets[r]!; j < Math.min(offsets[r + 1]!, offsets[r]! + TOP); j++) inTop[fused[j]!] = 1;
  let lopsided = 0;
  let promoted = 0;
  for (let i = 0; i < fused.length; i++) {
    const [a, b] = position.map((p) => p[i] as number) as [number, number];
    const high = Math.min(a, b);
    const low = Math.max(a, b);
    if (high < 5 && low >= CANDIDATES - 5) {
      lopsided++;
      promoted += inTop[i] as number;
    }
  }
  return { lopsidedPerRequest: lopsided / (offsets.length - 1), reachTop10: lopsided ? promoted / lopsided : Number.NaN };
}

/** The first candidate of each request: click score above every other's, purchase score a thousandth of the request's lowest. */
function plant(scores: Record<string, Float64Array>, requests: Requests): void {
  const click = scores.click as Float64Array;
  const purchase = scores.purchase as Float64Array;
  const { offsets } = requests;
  for (let r = 0; r + 1 < offsets.length; r++) {
    const s = offsets[r] as number;
    let maxClick = 0;
    let minPurchase = 1;
    for (let j = s + 1; j < (offsets[r + 1] as number); j++) {
      maxClick = Math.max(maxClick, click[j] as number);
      minPurchase = Math.min(minPurchase, purchase[j] as number);
    }
    click[s] = Math.min(1, maxClick * 1.01);
    purchase[s] = minPurchase / 1000;
  }
}

/** Share of requests whose planted first candidate is in the fused top 10. */
function plantedInTop(scores: Record<string, Float64Array>, requests: Requests, spec: FusionSpec): number {
  const fused = rankWithin(fuse(scores, requests, spec), requests);
  const { offsets } = requests;
  let hits = 0;
  for (let r = 0; r + 1 < offsets.length; r++) {
    for (let j = offsets[r]!; j < Math.min(offsets[r + 1]!, offsets[r]! + TOP); j++) if (fused[j] === offsets[r]) hits++;
  }
  return hits / (offsets.length - 1);
}

const SPECS: Record<string, FusionSpec> = {
  "multiplicative pCTR·pCVR": { type: "multiplicative", weights: WEIGHTS },
  "additive min-max": { type: "additive", weights: WEIGHTS, normalize: "minmax" },
  "rank, r0 = 60": { type: "rank", weights: WEIGHTS, r0: 60 },
  "rank, r0 = 10": { type: "rank", weights: WEIGHTS, r0: 10 },
  "rank, r0 = 0": { type: "rank", weights: WEIGHTS, r0: 0 },
};

export const rankFusionLowScores: Question = {
  name: "rank-fusion-low-scores",
  question: "Rank fusion against multiplicative fusion for candidates with one very low score: how often each promotes them.",
  async run(scale) {
    const requests = scale.quick ? 300 : 4_000;
    const runs: Record<string, Record<string, number>[]> = {};
    const planted: Record<string, Record<string, number>[]> = {};
    for (const seed of scale.seeds) {
      // click and purchase scores independent, as lopsided as they come
      const { scores, requests: r } = randomScores(seed, requests, CANDIDATES, { click: -2, purchase: -4.5 }, 0);
      for (const [name, spec] of Object.entries(SPECS)) pushTo(runs, name, promotion(scores, r, spec));
      // the first candidate of each request made the best on click and 1,000 times below the rest on purchase
      plant(scores, r);
      for (const [name, spec] of Object.entries(SPECS)) pushTo(planted, name, { reachTop10: plantedInTop(scores, r, spec) });
    }
    const table = (x: Record<string, Record<string, number>[]>) =>
      Object.fromEntries(Object.entries(x).map(([k, v]) => [k, summarise(v)])) as Record<string, Record<string, MeanStd>>;
    const natural = table(runs);
    const extreme = table(planted);
    const rate = (t: Record<string, Record<string, MeanStd>>, k: string) => (100 * cellOf(t, k, "reachTop10").mean).toFixed(1);
    const answer =
      `It depends on r0 more than on the fusion type: a candidate in the top 5 of one task and the bottom 5 of the other reached the fused top ${TOP} of ${CANDIDATES} ` +
      `in ${rate(natural, "multiplicative pCTR·pCVR")} % of requests under multiplication, ${rate(natural, "rank, r0 = 60")} % under rank fusion with the usual r0 = 60 (nearly a sum of ranks, which punishes a last place) ` +
      `and ${rate(natural, "rank, r0 = 0")} % with r0 = 0 (base rate ${((100 * TOP) / CANDIDATES).toFixed(0)} %). ` +
      `Where the low score is extreme (the best click score, a purchase score 1,000 times below the rest) multiplication buried it (${rate(extreme, "multiplicative pCTR·pCVR")} %) while rank fusion treated it as any last place (${rate(extreme, "rank, r0 = 60")} % at r0 = 60, ${rate(extreme, "rank, r0 = 0")} % at r0 = 0).`;
    return {
      answer,
      numbers: {
        "top 5 on one task, bottom 5 on the other": natural,
        "planted: best click score, purchase score / 1,000": extreme,
        requests,
        candidatesPerRequest: CANDIDATES,
        top: TOP,
      },
    };
  },
};
