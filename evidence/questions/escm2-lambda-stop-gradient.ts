import type { Question } from "../evidence.js";
import { binary, compareVariants, funnelData, withTempDir } from "../funnel.js";
import { cellOf, columns, verdict } from "../stats.js";

export const escm2LambdaStopGradient: Question = {
  name: "escm2-lambda-stop-gradient",
  question:
    "ESCM²'s CVR loss weight λc: as it grows, CVR improves and CTCVR first improves then worsens (the paper's reading: it hurts the CTR task). Does stop-gradient on the propensity remove that harm?",
  async run(scale) {
    return withTempDir(async (dir) => {
      const { config, data } = await funnelData(dir, scale, binary("click", "purchase"), { selectionBias: 1 });
      const lambdas = scale.quick ? [0.1, 3] : [0.03, 0.3, 1, 3, 10];
      const name = (l: number, stop: boolean) => `λc ${l}, ${stop ? "stop-gradient" : "no stop-gradient"}`;
      const variants: Record<string, Record<string, unknown>> = {};
      for (const stop of [true, false]) {
        for (const l of lambdas) variants[name(l, stop)] = { type: "escm2-ips", cvrWeight: l, propensity: { stopGradient: stop } };
      }
      const table = columns(await compareVariants(config, data, variants, scale.seeds), ["ctrAuc", "cvrAucD", "ctcvrAuc", "ieb"]);
      const series = (stop: boolean, col: string) => lambdas.map((l) => cellOf(table, name(l, stop), col).mean.toFixed(3)).join(" → ");
      const lo = lambdas[0] as number;
      const hi = lambdas[lambdas.length - 1] as number;
      const ctrMoves = (stop: boolean) => {
        const v = verdict(cellOf(table, name(hi, stop), "ctrAuc"), cellOf(table, name(lo, stop), "ctrAuc"), scale.seeds.length);
        return v === "no different" ? "unchanged within noise" : v;
      };
      const answer =
        `As λc grows over ${lambdas.join(", ")}: with stop-gradient on p̂, CVR AUC on D ${series(true, "cvrAucD")}, CTCVR AUC ${series(true, "ctcvrAuc")}, CTR AUC ${series(true, "ctrAuc")}; ` +
        `without it, CVR AUC ${series(false, "cvrAucD")}, CTCVR AUC ${series(false, "ctcvrAuc")}, CTR AUC ${series(false, "ctrAuc")}. ` +
        `CTR AUC at λc ${hi} against ${lo}: ${ctrMoves(true)} with stop-gradient, ${ctrMoves(false)} without.`;
      return { answer, numbers: { "ESCM²-IPS, selection bias 1": table } };
    });
  },
};
