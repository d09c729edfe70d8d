import type { Measured, Question } from "../evidence.js";
import { binary, compareVariants, funnelData, type Trained, withTempDir } from "../funnel.js";
import { cellOf } from "../stats.js";

/** Mean pCVR and mean true CVR on the clicked and on the unclicked exposures, and AUC on each space. */
function bySpace(t: Trained): Record<string, number> {
  const click = t.valid.labels[0] as Float32Array;
  const pcvr = t.scores.cvr as Float32Array;
  const truth = t.valid.numeric?.truth_cvr as ArrayLike<number>;
  const sums = { predO: 0, trueO: 0, nO: 0, predU: 0, trueU: 0, nU: 0 };
  for (let i = 0; i < click.length; i++) {
    if (click[i] === 1) {
      sums.predO += pcvr[i] as number;
      sums.trueO += truth[i] as number;
      sums.nO++;
    } else {
      sums.predU += pcvr[i] as number;
      sums.trueU += truth[i] as number;
      sums.nU++;
    }
  }
  const cvr = t.report.cvr ?? {};
  return {
    "mean pCVR on O": sums.predO / sums.nO,
    "mean true CVR on O": sums.trueO / sums.nO,
    "mean pCVR on D∖O": sums.predU / sums.nU,
    "mean true CVR on D∖O": sums.trueU / sums.nU,
    "AUC on O (logged purchases)": cvr.aucO as number,
    "AUC on D (truth_r)": cvr.aucD as number,
    "AUC on D∖O (truth_r)": cvr.aucUnclicked as number,
  };
}

export const cvrEvalSpace: Question = {
  name: "cvr-eval-space",
  question:
    "Can CVR be evaluated only on clicked exposures? How far apart are a model's pCVR on clicked and on unclicked exposures, and how far is AUC on O from AUC on D?",
  async run(scale) {
    return withTempDir(async (dir) => {
      const biases = scale.quick ? [1] : [0, 1];
      const models = { "cvr-naive": { type: "cvr-naive" }, esmm: { type: "esmm" }, "escm2-dr": { type: "escm2-dr" } };
      const numbers: Record<string, Measured> = {};
      const said: string[] = [];
      for (const bias of biases) {
        const { config, data } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: bias });
        const full = await compareVariants(config, data, models, scale.seeds, bySpace);
        const table = Object.fromEntries(
          Object.entries(full).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([m]) => m.includes(" on ")))]),
        );
        numbers[`selection bias ${bias}`] = table;
        const gaps = Object.keys(models).map((m) => {
          const o = cellOf(table, m, "AUC on O (logged purchases)").mean;
          const d = cellOf(table, m, "AUC on D (truth_r)").mean;
          return `${m} ${o.toFixed(3)} on O vs ${d.toFixed(3)} on D`;
        });
        const naive = (k: string) => cellOf(table, "cvr-naive", k).mean.toFixed(3);
        said.push(
          `at selection bias ${bias}, AUC ${gaps.join(", ")}; cvr-naive's mean pCVR was ${naive("mean pCVR on O")} on O and ${naive("mean pCVR on D∖O")} on D∖O against true ${naive("mean true CVR on O")} and ${naive("mean true CVR on D∖O")}`,
        );
      }
      const answer = `Logs allow AUC on O only; against the simulator's truth, ${said.join("; ")}. The gap between O and D∖O is what an evaluation on clicked exposures alone cannot see.`;
      return { answer, numbers };
    });
  },
};
