import type { Question } from "../evidence.js";
import { compareVariants, funnelData, type Trained, withTempDir } from "../funnel.js";
import { against, cellOf, columns } from "../stats.js";

/** Each task's validation metric: AUC for click and share, MSE for watch time. */
function chainMetrics(t: Trained): Record<string, number> {
  return {
    clickAuc: t.report.tasks.click?.auc as number,
    watchTimeMse: t.report.tasks.watch_time?.mse as number,
    shareAuc: t.report.tasks.share?.auc as number,
  };
}

export const transferStopGradient: Question = {
  name: "transfer-stop-gradient",
  question: "Passing one tower's hidden state to the next: with stop-gradient, without it, and with no transfer: each task's AUC.",
  async run(scale) {
    return withTempDir(async (dir) => {
      const labels = [
        { name: "click", type: "binary" as const },
        { name: "watch_time", type: "regression" as const },
        { name: "share", type: "binary" as const },
      ];
      // shares are rare (about 0.5 % of exposures): more rows than the other questions, or share AUC is noise
      // watch time in seconds is heavy-tailed (an MSE in the thousands): compressed with log1p and every loss divided by its running mean, or it swamps both BCE terms
      const { config, data } = await funnelData(
        dir,
        { ...scale, rows: 2.5 * scale.rows },
        labels,
        { selectionBias: 0.5 },
        {
          lossWeighting: { type: "normalize", transform: { watch_time: "log1p" } },
        },
      );
      const raw = await compareVariants(
        config,
        data,
        {
          "transfer, stop-gradient": { type: "transfer" },
          "transfer, no stop-gradient": { type: "transfer", stopGradient: false },
          "no transfer (towers side by side)": { type: "transfer", chain: false },
        },
        scale.seeds,
        chainMetrics,
      );
      const table = columns(raw, ["clickAuc", "watchTimeMse", "shareAuc"]);
      const n = scale.seeds.length;
      const c = (row: string, col: string) => cellOf(table, row, col);
      const answer =
        `Share AUC: ${against(c("transfer, stop-gradient", "shareAuc"), c("no transfer (towers side by side)", "shareAuc"), n)} without transfer, ` +
        `and without stop-gradient ${against(c("transfer, no stop-gradient", "shareAuc"), c("transfer, stop-gradient", "shareAuc"), n)} with it; ` +
        `click AUC with stop-gradient ${against(c("transfer, stop-gradient", "clickAuc"), c("transfer, no stop-gradient", "clickAuc"), n)} without (the later tasks cannot bend the click tower when the gradient stops).`;
      return { answer, numbers: { "click → watch_time → share, selection bias 0.5, losses normalised, watch time log1p": table } };
    });
  },
};
