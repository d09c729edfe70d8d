import type { Question } from "../evidence.js";
import { binary, compareVariants, funnelData, type Variant, withTempDir } from "../funnel.js";
import { against, cellOf, signedPm } from "../stats.js";

export const multiIpwSampleSpace: Question = {
  name: "multi-ipw-sample-space",
  question:
    "Multi-IPW and Multi-DR: the CVR loss over all exposures with o / p̂ against over clicked exposures only; how the CTR loss joins (its weight, stop-gradient on p̂).",
  async run(scale) {
    return withTempDir(async (dir) => {
      const { config, data, rates } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: 1 });
      // (1/|O|) Σ_O e/p̂ is (1/|D|) Σ_D o·e/p̂ times |D|/|O|: the same loss, its weight multiplied by 1/CTR
      const overO = 1 / rates.ctr;
      const variants: Record<string, Variant> = {
        "multi-ipw: CVR over D, (1/|D|) Σ o·e/p̂": { type: "multi-ipw", lossWeights: {} },
        [`multi-ipw: CVR over O, (1/|O|) Σ_O e/p̂ (weight ${overO.toFixed(1)})`]: { type: "multi-ipw", lossWeights: { cvr: overO } },
        "multi-ipw: CTR loss weight 0.2": { type: "multi-ipw", lossWeights: { ctr: 0.2 } },
        "multi-ipw: CTR loss weight 5": { type: "multi-ipw", lossWeights: { ctr: 5 } },
        "multi-ipw: no stop-gradient on p̂": { type: "multi-ipw", propensity: { stopGradient: false }, lossWeights: {} },
        "multi-dr: CVR over D": { type: "multi-dr", lossWeights: {} },
        [`multi-dr: CVR and imputation over O (weight ${overO.toFixed(1)})`]: {
          type: "multi-dr",
          lossWeights: { cvr: overO, imputation: overO },
        },
        "multi-dr: no stop-gradient on p̂": { type: "multi-dr", propensity: { stopGradient: false }, lossWeights: {} },
      };
      const table = await compareVariants(config, data, variants, scale.seeds);
      const n = scale.seeds.length;
      const names = Object.keys(variants);
      const base = names[0] as string;
      const o = names[1] as string;
      const c = (row: string, col: string) => cellOf(table, row, col);
      const answer =
        `Averaging the CVR loss over clicked exposures only is the same loss ${overO.toFixed(1)} times heavier (1/CTR); it moved CVR AUC on D to ${against(c(o, "cvrAucD"), c(base, "cvrAucD"), n)} ` +
        `and IEB to ${signedPm(c(o, "ieb"), 4)} from ${signedPm(c(base, "ieb"), 4)}. Without stop-gradient on p̂ CTR AUC was ${against(c("multi-ipw: no stop-gradient on p̂", "ctrAuc"), c(base, "ctrAuc"), n)} ` +
        `and IEB ${signedPm(c("multi-ipw: no stop-gradient on p̂", "ieb"), 4)}; a CTR weight of 0.2 gave CTR AUC ${against(c("multi-ipw: CTR loss weight 0.2", "ctrAuc"), c(base, "ctrAuc"), n)} and IEB ${signedPm(c("multi-ipw: CTR loss weight 0.2", "ieb"), 4)}.`;
      return { answer, numbers: { "selection bias 1, every variant trained for all epochs": table } };
    });
  },
};
