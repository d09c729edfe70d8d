import { buildFunnelWorld } from "../../data/synth/funnel-world.js";
import { MtrecError } from "../../errors.js";
import { FUNNEL_ACTIONS, FunnelLive, type OnlineResult, simulateOnline } from "../../fusion/index.js";
import { Rng } from "../../nn/rng.js";
import { modelScorer } from "../../train/model-scorer.js";
import { funnelOptionsOf } from "../funnel-options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { fmt } from "../table.js";
import { checkNames, fusionType, weightsText } from "./fusion-flags.js";
import type { SimulateFlags } from "./fusion-simulate.js";

/** `mtrec fusion simulate`, loaded when it runs; vega only with --report. */
export async function runSimulate(f: SimulateFlags): Promise<void> {
  const type = fusionType(f.type);
  const values = f.values ?? { click: 1, purchase: 1 };
  checkNames("--values", values, FUNNEL_ACTIONS);
  if (f.report) await checkOutFile(f.report, "--report");
  if (f.elite > f.arms) throw new MtrecError("BAD_ARGUMENT", `mtrec: --elite ${f.elite} is above --arms ${f.arms}`);
  const scorer = await modelScorer(f.model, { threads: f.threads });
  if (scorer.tasks.length === 0) throw new MtrecError("BAD_ARGUMENT", `mtrec: ${f.model} has no binary task whose scores could be fused`);
  if (f.start) checkNames("--start", f.start, scorer.tasks);
  const { world } = buildFunnelWorld(funnelOptionsOf(f));
  const result = await simulateOnline(new FunnelLive(world, scorer, new Rng(f.simSeed), f.candidates), {
    fusion: type,
    values,
    k: f.k,
    rounds: f.rounds,
    arms: f.arms,
    elite: f.elite,
    requestsPerArm: f.requestsPerArm,
    evaluationRequests: f.evaluationRequests,
    start: f.start,
    minStd: f.minStd,
    seed: f.simSeed,
  });
  if (f.json) console.log(JSON.stringify({ fusion: type, values, ...result }));
  else print(result, f);
  if (f.report) {
    const { simulateReport } = await import("../../report/fusion-report.js");
    const { writeReport } = await import("../../report/write.js");
    const line = reportWritten(
      await writeReport(
        f.report,
        simulateReport(result, `mtrec fusion simulate --model ${f.model}: ${type} fusion, ${f.rounds} rounds of ${f.arms} arms`),
      ),
    );
    if (f.json) console.error(line);
    else console.log(line);
  }
}

function print(r: OnlineResult, f: SimulateFlags): void {
  console.log(`round  metric (mean of arms)  best arm  expected value of the search mean  weights`);
  for (const c of r.curve)
    console.log(
      `${String(c.round).padStart(5)}  ${fmt(c.meanMetric).padStart(21)}  ${fmt(c.bestMetric).padStart(8)}  ${fmt(c.expected).padStart(33)}  ${weightsText(c.weights)}`,
    );
  console.log(
    `final weights ${weightsText(r.weights)}: expected value ${fmt(r.expected)} per request against ${fmt(r.equal)} for equal weights (${r.evaluations} arms, ${r.requests.toLocaleString("en-US")} requests of ${f.candidates} candidates)`,
  );
}
