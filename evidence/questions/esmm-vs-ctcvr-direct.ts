import type { Question } from "../evidence.js";
import { binary, compareVariants, funnelData, type Trained, withTempDir } from "../funnel.js";
import { against, cellOf, signedPm } from "../stats.js";

/** Share of exposures where the direct tower's pCTCVR exceeds pCTR, so pCTCVR / pCTR had to be clipped at 1. */
function clippedShare(t: Trained): Record<string, number> {
  const ctr = t.scores.ctr;
  const ctcvr = t.scores.ctcvr;
  if (!ctr || !ctcvr) return {};
  let over = 0;
  for (let i = 0; i < ctr.length; i++) if ((ctcvr[i] as number) > (ctr[i] as number)) over++;
  return { pCvrClippedShare: over / ctr.length };
}

export const esmmVsCtcvrDirect: Question = {
  name: "esmm-vs-ctcvr-direct",
  question:
    "ESMM's pCTCVR = pCTR × pCVR against a tower that predicts CTCVR directly (pCVR read as pCTCVR / pCTR): CVR AUC on all exposures, IEB, calibration.",
  async run(scale) {
    return withTempDir(async (dir) => {
      const { config, data } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: 1 });
      const table = await compareVariants(
        config,
        data,
        { esmm: { type: "esmm" }, "ctcvr-direct": { type: "ctcvr-direct" } },
        scale.seeds,
        clippedShare,
      );
      const n = scale.seeds.length;
      const c = (row: string, col: string) => cellOf(table, row, col);
      const answer =
        `ESMM's CVR AUC on all exposures was ${against(c("esmm", "cvrAucD"), c("ctcvr-direct", "cvrAucD"), n)} for the direct CTCVR tower, ` +
        `its IEB ${signedPm(c("esmm", "ieb"), 4)} against ${signedPm(c("ctcvr-direct", "ieb"), 4)}, and its mean |pCVR − true CVR| ${against(c("esmm", "cvrMaeD"), c("ctcvr-direct", "cvrMaeD"), n, 4)}; ` +
        `the direct tower's pCTCVR exceeded its pCTR (a pCVR above 1, clipped) on ${(100 * c("ctcvr-direct", "pCvrClippedShare").mean).toFixed(2)} % of exposures.`;
      return { answer, numbers: { "selection bias 1": table } };
    });
  },
};
