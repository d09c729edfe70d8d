import type { Measured, Question } from "../evidence.js";
import { binary, compareVariants, funnelData, withTempDir } from "../funnel.js";
import { cellOf, columns, verdict } from "../stats.js";

const MODELS = {
  "cvr-naive": { type: "cvr-naive" },
  esmm: { type: "esmm" },
  "escm2-ips": { type: "escm2-ips" },
  "escm2-dr": { type: "escm2-dr" },
  "multi-ipw": { type: "multi-ipw" },
  "multi-dr": { type: "multi-dr" },
  "IPW with the true propensity": { type: "naive-ipw", propensity: { source: "column", column: "truth_ctr" } },
};

export const esmmIeb: Question = {
  name: "esmm-ieb",
  question:
    "Does ESMM over-estimate CVR on all exposures? IEB of cvr-naive, ESMM, ESCM²-IPS and -DR, Multi-IPW and -DR, and IPW with the true propensity, at several selection-bias levels.",
  async run(scale) {
    return withTempDir(async (dir) => {
      const biases = scale.quick ? [1] : [0, 0.5, 1];
      const numbers: Record<string, Measured> = {};
      const esmmSays: string[] = [];
      for (const bias of biases) {
        const { config, data, rates } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: bias });
        const models = scale.quick ? { "cvr-naive": MODELS["cvr-naive"], esmm: MODELS.esmm, "escm2-ips": MODELS["escm2-ips"] } : MODELS;
        const full = await compareVariants(config, data, models, scale.seeds);
        const table = columns(full, ["ieb", "iebRelative", "cvrAucD", "cvrAucO", "ctcvrAuc"]);
        numbers[
          `selection bias ${bias}: CVR ${rates.cvrOnClicks.toFixed(3)} on clicks, ${rates.cvrOnExposures.toFixed(3)} on all exposures`
        ] = table;
        const ieb = cellOf(table, "esmm", "ieb");
        const zero = { mean: 0, std: 0 };
        const v = verdict(ieb, zero, scale.seeds.length);
        const naive = cellOf(table, "cvr-naive", "iebRelative");
        esmmSays.push(
          `at selection bias ${bias} ESMM's relative IEB was ${(100 * cellOf(table, "esmm", "iebRelative").mean).toFixed(1)} % ± ${(100 * cellOf(table, "esmm", "iebRelative").std).toFixed(1)} (${v === "no different" ? "not distinguishable from 0" : v === "higher" ? "an over-estimate" : "an under-estimate"}), cvr-naive's ${(100 * naive.mean).toFixed(1)} %`,
        );
      }
      const answer = `${esmmSays.join("; ")}. The table gives every model's IEB; a positive IEB is an over-estimate of CVR on all exposures.`;
      return { answer, numbers };
    });
  },
};
