import type { EncodedData } from "../../src/data/types.js";
import { type FusionSpec, fuse, type Requests, rankWithin } from "../../src/fusion/fuse.js";
import type { Question } from "../evidence.js";
import { binary, funnelData, trainOn, withTempDir } from "../funnel.js";
import { cellOf, pushTo, signedPm, summarise, verdict } from "../stats.js";

const TOP = 5;
const PURCHASE_VALUE = 20;

/** Validation rows grouped by user (a request: one user's exposures), users with at least 2·TOP rows only. */
function requestsByUser(valid: EncodedData, userColumn: number): { rows: Int32Array; requests: Requests } {
  const users = valid.sparse[userColumn] as Int32Array;
  const byUser = new Map<number, number[]>();
  for (let i = 0; i < valid.rows; i++) {
    const list = byUser.get(users[i] as number) ?? [];
    list.push(i);
    byUser.set(users[i] as number, list);
  }
  const kept = [...byUser.entries()].filter(([u, list]) => u !== 0 && list.length >= 2 * TOP).sort((a, b) => a[0] - b[0]);
  const offsets = [0];
  const rows: number[] = [];
  for (const [, list] of kept) {
    rows.push(...list);
    offsets.push(rows.length);
  }
  return { rows: Int32Array.from(rows), requests: { offsets: Int32Array.from(offsets) } };
}

/** Expected value, click recall and purchase recall of the top TOP under the true probabilities. */
function judge(order: Int32Array, requests: Requests, ctr: Float64Array, ctcvr: Float64Array): Record<string, number> {
  const { offsets } = requests;
  let value = 0;
  let clickRecall = 0;
  let purchaseRecall = 0;
  const count = offsets.length - 1;
  for (let r = 0; r < count; r++) {
    let allC = 0;
    let allP = 0;
    let topC = 0;
    let topP = 0;
    for (let j = offsets[r]!; j < offsets[r + 1]!; j++) {
      const i = order[j] as number;
      allC += ctr[i] as number;
      allP += ctcvr[i] as number;
      if (j - offsets[r]! < TOP) {
        topC += ctr[i] as number;
        topP += ctcvr[i] as number;
      }
    }
    value += topC + PURCHASE_VALUE * topP;
    clickRecall += topC / allC;
    purchaseRecall += topP / allP;
  }
  return { value: value / count, clickRecall: clickRecall / count, purchaseRecall: purchaseRecall / count };
}

const FUSIONS: Record<string, FusionSpec> = {
  "pCTCVR alone": { type: "multiplicative", weights: { ctcvr: 1, ctr: 0 } },
  "pCTCVR · pCTR^0.5": { type: "multiplicative", weights: { ctcvr: 1, ctr: 0.5 } },
  "pCTCVR · pCTR": { type: "multiplicative", weights: { ctcvr: 1, ctr: 1 } },
  "pCTR alone": { type: "multiplicative", weights: { ctcvr: 0, ctr: 1 } },
  [`pCTR + ${PURCHASE_VALUE}·pCTCVR (the value objective's own form)`]: { type: "additive", weights: { ctcvr: PURCHASE_VALUE, ctr: 1 } },
};

export const rankByCtcvr: Question = {
  name: "rank-by-ctcvr",
  question: "Ranking a feed by pCTCVR alone against fusing it with pCTR: the value objective, click recall and purchase recall.",
  async run(scale) {
    return withTempDir(async (dir) => {
      const { config, data } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: 0.5 });
      const userColumn = data.fitted.sparse.findIndex((f) => f.name === "user_id");
      const model: Record<string, Record<string, number>[]> = {};
      const truth: Record<string, Record<string, number>[]> = {};
      for (const seed of scale.seeds) {
        const t = await trainOn(config, data, { type: "esmm" }, seed);
        const { rows, requests } = requestsByUser(t.valid, userColumn);
        const pick = (a: ArrayLike<number>) => Float64Array.from(rows, (i) => a[i] as number);
        const trueCtr = pick(t.valid.numeric?.truth_ctr as ArrayLike<number>);
        const trueCtcvr = pick(t.valid.numeric?.truth_ctcvr as ArrayLike<number>);
        const predicted = { ctr: pick(t.scores.ctr as Float32Array), ctcvr: pick(t.scores.ctcvr as Float32Array) };
        const alone = judge(
          rankWithin(fuse(predicted, requests, FUSIONS["pCTCVR alone"] as FusionSpec), requests),
          requests,
          trueCtr,
          trueCtcvr,
        );
        for (const [name, spec] of Object.entries(FUSIONS)) {
          const j = judge(rankWithin(fuse(predicted, requests, spec), requests), requests, trueCtr, trueCtcvr);
          // paired with pCTCVR alone on the same model: the seeds' spread in value is mostly the model's, not the fusion's
          pushTo(model, name, { ...j, valueOverPctcvrAlone: (j.value as number) - (alone.value as number) });
          // the same fusion of the true probabilities: what the fusion could do with a perfect model (the same every seed)
          pushTo(
            truth,
            name,
            judge(rankWithin(fuse({ ctr: trueCtr, ctcvr: trueCtcvr }, requests, spec), requests), requests, trueCtr, trueCtcvr),
          );
        }
      }
      const table = (x: typeof model) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, summarise(v)]));
      const m = table(model);
      const tr = table(truth);
      const v = (t: typeof m, k: string, col = "value") => cellOf(t, k, col).mean;
      const best = (t: typeof m) => Object.keys(FUSIONS).reduce((a, b) => (v(t, b) > v(t, a) ? b : a));
      const answer =
        `On ESMM's scores, ranking by pCTCVR alone gave a value of ${v(m, "pCTCVR alone").toFixed(4)} per request (click 1, purchase ${PURCHASE_VALUE}, top ${TOP}) against ${v(m, "pCTCVR · pCTR").toFixed(4)} fused with pCTR, a paired gain of ${signedPm(cellOf(m, "pCTCVR · pCTR", "valueOverPctcvrAlone"), 4)} (${verdict(cellOf(m, "pCTCVR · pCTR", "valueOverPctcvrAlone"), { mean: 0, std: 0 }, scale.seeds.length) === "no different" ? "within seed noise" : "beyond seed noise"}); ` +
        `purchase recall ${v(m, "pCTCVR alone", "purchaseRecall").toFixed(3)} vs ${v(m, "pCTCVR · pCTR", "purchaseRecall").toFixed(3)}, click recall ${v(m, "pCTCVR alone", "clickRecall").toFixed(3)} vs ${v(m, "pCTCVR · pCTR", "clickRecall").toFixed(3)}. ` +
        `The best of these fusions was "${best(m)}" on the model's scores and "${best(tr)}" on the true probabilities.`;
      return {
        answer,
        numbers: {
          "ESMM's scores (expected under the true probabilities)": m,
          "the true probabilities (a perfect model)": tr,
          top: TOP,
          purchaseValue: PURCHASE_VALUE,
        },
      };
    });
  },
};
