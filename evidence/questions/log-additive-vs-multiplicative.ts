import { type FusionSpec, fuse, type Requests, rankWithin } from "../../src/fusion/fuse.js";
import type { Question } from "../evidence.js";
import { cellOf, type MeanStd, pushTo, summarise } from "../stats.js";
import { randomScores } from "./scores.js";

const WEIGHTS = { click: 1, purchase: 2, like: 0.5 };
const TOP = 10;

/** Share of requests whose full order, and whose top-10 set, differ between two fusions. */
function reordered(scores: Record<string, Float64Array>, requests: Requests, a: FusionSpec, b: FusionSpec): Record<string, number> {
  const oa = rankWithin(fuse(scores, requests, a), requests);
  const ob = rankWithin(fuse(scores, requests, b), requests);
  const { offsets } = requests;
  let order = 0;
  let top = 0;
  const count = offsets.length - 1;
  for (let r = 0; r < count; r++) {
    const s = offsets[r] as number;
    const e = offsets[r + 1] as number;
    let same = true;
    for (let j = s; j < e && same; j++) same = oa[j] === ob[j];
    if (!same) order++;
    const inTop = new Set(Array.from(oa.subarray(s, Math.min(e, s + TOP))));
    if (Array.from(ob.subarray(s, Math.min(e, s + TOP))).some((c) => !inTop.has(c))) top++;
  }
  return { requestsReordered: order / count, top10Changed: top / count };
}

// fusion takes a weight for every task: the one-task cases give the others 0
const one = { click: 1, purchase: 0, like: 0 };

/** Each case: the two fusions whose rankings are compared. */
const CASES: Record<string, [FusionSpec, FusionSpec]> = {
  "3 tasks: Π S^w vs Σ w·log S": [
    { type: "multiplicative", weights: WEIGHTS },
    { type: "additive", weights: WEIGHTS, transform: "log" },
  ],
  "3 tasks: Π S^w vs Σ w·minmax(log S) per request": [
    { type: "multiplicative", weights: WEIGHTS },
    { type: "additive", weights: WEIGHTS, transform: "log", normalize: "minmax" },
  ],
  "3 tasks: Π S^w vs Σ w·zscore(log S) per request": [
    { type: "multiplicative", weights: WEIGHTS },
    { type: "additive", weights: WEIGHTS, transform: "log", normalize: "zscore" },
  ],
  "1 task: S vs log S, sqrt S, S^3": [
    { type: "additive", weights: one },
    { type: "additive", weights: one, transform: { power: 3 } },
  ],
  "1 task: S vs minmax(log S) per request": [
    { type: "additive", weights: one },
    { type: "additive", weights: one, transform: "log", normalize: "minmax" },
  ],
  "3 tasks: Σ w·log S vs Σ w·sqrt S": [
    { type: "additive", weights: WEIGHTS, transform: "log" },
    { type: "additive", weights: WEIGHTS, transform: "sqrt" },
  ],
  "3 tasks: Σ w·log S vs Σ w·S": [
    { type: "additive", weights: WEIGHTS, transform: "log" },
    { type: "additive", weights: WEIGHTS },
  ],
};

export const logAdditiveVsMultiplicative: Question = {
  name: "log-additive-vs-multiplicative",
  question:
    "Are additive fusion of log scores and multiplicative fusion rank-equivalent, exactly, and still with per-request normalisation? Does any monotone F keep the ranking, for one task and for several?",
  async run(scale) {
    const requests = scale.quick ? 200 : 2_000;
    const runs: Record<string, Record<string, number>[]> = {};
    for (const seed of scale.seeds) {
      const { scores, requests: r } = randomScores(seed, requests, 50, { click: -2, purchase: -4.5, like: -3 });
      for (const [name, [a, b]] of Object.entries(CASES)) {
        // the one-task cases also check log and sqrt, which must agree with the cube
        const extra = name.startsWith("1 task: S vs log")
          ? [
              reordered(scores, r, a, { type: "additive", weights: one, transform: "log" }),
              reordered(scores, r, a, { type: "additive", weights: one, transform: "sqrt" }),
            ]
          : [];
        const base = reordered(scores, r, a, b);
        const worst = [base, ...extra].reduce((m, x) => ({
          requestsReordered: Math.max(m.requestsReordered as number, x.requestsReordered as number),
          top10Changed: Math.max(m.top10Changed as number, x.top10Changed as number),
        }));
        pushTo(runs, name, worst);
      }
    }
    const numbers: Record<string, Record<string, MeanStd>> = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summarise(v)]));
    const share = (k: string) => cellOf(numbers, k, "requestsReordered").mean;
    const plain = share("3 tasks: Π S^w vs Σ w·log S");
    const minmax = share("3 tasks: Π S^w vs Σ w·minmax(log S) per request");
    const sqrt = share("3 tasks: Σ w·log S vs Σ w·sqrt S");
    const oneTask = Math.max(share("1 task: S vs log S, sqrt S, S^3"), share("1 task: S vs minmax(log S) per request"));
    const answer =
      `${plain === 0 ? "Yes, exactly" : "No"}: Π S^w and Σ w·log S reordered ${(100 * plain).toFixed(1)} % of ${requests} requests (exp is increasing, so it is a theorem); ` +
      `with per-request min-max normalisation of the logs ${(100 * minmax).toFixed(1)} % were reordered, because it rescales each task by its own range per request and so changes the weights request by request. ` +
      `A monotone F keeps the ranking of one task (${(100 * oneTask).toFixed(1)} % reordered) but not of several: log against sqrt reordered ${(100 * sqrt).toFixed(1)} %.`;
    return { answer, numbers: { ...numbers, candidatesPerRequest: 50, requests, weights: JSON.stringify(WEIGHTS) } };
  },
};
