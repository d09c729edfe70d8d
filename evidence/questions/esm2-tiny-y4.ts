import type { MeanStd } from "../../src/metrics/mean-std.js";
import type { Measured, Question } from "../evidence.js";
import { binary, compareVariants, funnelData, withTempDir } from "../funnel.js";
import { cellOf, verdict } from "../stats.js";

export const esm2TinyY4: Question = {
  name: "esm2-tiny-y4",
  question: 'ESM2 when the path from "no action" to purchase (y4) is tiny, as in real logs: does ESM2 still beat ESMM as y4 → 0?',
  async run(scale) {
    return withTempDir(async (dir) => {
      // actionLift: log-odds of buying after a D-action over without one; the larger, the rarer a purchase without one
      const lifts = scale.quick ? [2, 8] : [2, 4, 6, 9];
      const numbers: Record<string, Measured> = {};
      const lines: string[] = [];
      for (const lift of lifts) {
        const { config, data } = await funnelData(dir, scale, binary("click", "action", "purchase"), {
          selectionBias: 0.5,
          actionLift: lift,
        });
        const esm2 = await compareVariants(config, data, { esm2: { type: "esm2" } }, scale.seeds);
        // ESMM reads click and purchase only: the action column stays a label it ignores
        const esmmData = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: 0.5, actionLift: lift });
        const esmm = await compareVariants(esmmData.config, esmmData.data, { esmm: { type: "esmm" } }, scale.seeds);
        const train = data.memory?.train;
        let purchases = 0;
        let withoutAction = 0;
        if (train) {
          const action = train.labels[1] as Float32Array;
          const purchase = train.labels[2] as Float32Array;
          for (let i = 0; i < train.rows; i++) {
            if (purchase[i] !== 1) continue;
            purchases++;
            if (action[i] !== 1) withoutAction++;
          }
        }
        const share = purchases ? withoutAction / purchases : Number.NaN;
        const table: Record<string, Record<string, MeanStd | number>> = { ...esm2, ...esmm };
        numbers[`actionLift ${lift}: ${(100 * share).toFixed(1)} % of purchases without a D-action`] = table;
        const v = verdict(cellOf(table, "esm2", "cvrAucD"), cellOf(table, "esmm", "cvrAucD"), scale.seeds.length);
        const v2 = verdict(cellOf(table, "esm2", "ctcvrAuc"), cellOf(table, "esmm", "ctcvrAuc"), scale.seeds.length);
        lines.push(
          `${(100 * share).toFixed(1)} % no-action purchases: CVR AUC on D ${cellOf(table, "esm2", "cvrAucD").mean.toFixed(3)} vs ${cellOf(table, "esmm", "cvrAucD").mean.toFixed(3)} (${v === "no different" ? "within noise" : `ESM2 ${v}`}), CTCVR AUC ${v2 === "no different" ? "within noise" : `ESM2 ${v2}`}`,
        );
      }
      const answer = `ESM2 against ESMM as purchases without a D-action become rare (selection bias 0.5): ${lines.join("; ")}.`;
      return { answer, numbers };
    });
  },
};
