import type { Question } from "../evidence.js";
import { binary, compareVariants, funnelData, withTempDir } from "../funnel.js";
import { against, cellOf, signedPm } from "../stats.js";

export const imputationAuxVsDr: Question = {
  name: "imputation-aux-vs-dr",
  question: "The imputation tower trained as a plain auxiliary loss against inside the DR loss.",
  async run(scale) {
    return withTempDir(async (dir) => {
      const { config, data } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: 1 });
      const variants = {
        "multi-ipw (no imputation tower)": { type: "multi-ipw" },
        "imputation as an auxiliary loss (CVR loss IPS)": { type: "multi-dr", imputation: "auxiliary" },
        "imputation inside the DR loss (ê detached there: the papers' reading)": { type: "multi-dr" },
        "imputation inside the DR loss, gradients crossing (PaddleRec's ESCM²-DR)": {
          type: "escm2-dr",
          variant: "paddlerec",
          ctcvrWeight: 0,
        },
      };
      const table = await compareVariants(config, data, variants, scale.seeds);
      const [ipw, aux, dr, crossing] = Object.keys(variants) as [string, string, string, string];
      const n = scale.seeds.length;
      const c = (row: string, col: string) => cellOf(table, row, col);
      const answer =
        `With ê held constant inside the DR loss, as the papers write it, the DR loss's gradient on the CVR tower equals the IPS loss's (a test checks it), so "inside DR" and "auxiliary" train alike: ` +
        `CVR AUC on D ${against(c(dr, "cvrAucD"), c(aux, "cvrAucD"), n)}, IEB ${signedPm(c(dr, "ieb"), 4)} against ${signedPm(c(aux, "ieb"), 4)}; both against Multi-IPW's ${c(ipw, "cvrAucD").mean.toFixed(3)} AUC. ` +
        `Only when gradients cross (PaddleRec) does ê shape the CVR tower: AUC ${against(c(crossing, "cvrAucD"), c(dr, "cvrAucD"), n)}, IEB ${signedPm(c(crossing, "ieb"), 4)}.`;
      return { answer, numbers: { "selection bias 1": table } };
    });
  },
};
