import type { Command } from "commander";
import { buildFunnelWorld } from "../../data/synth/funnel-world.js";
import { MtrecError } from "../../errors.js";
import { FUNNEL_ACTIONS, FunnelLive, type OnlineResult, simulateOnline } from "../../fusion/index.js";
import { Rng } from "../../nn/rng.js";
import { simulateReport } from "../../report/fusion-report.js";
import { writeReport } from "../../report/write.js";
import { modelScorer } from "../../train/model-scorer.js";
import { fmt } from "../format.js";
import { type FunnelFlags, funnelOptionsOf, funnelWorldOptions } from "../funnel-options.js";
import { nonNegativeInt, number, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { checkNames, fusionType, taskNumbers, weightsText } from "./fusion-flags.js";

interface SimulateFlags extends FunnelFlags {
  model: string;
  values?: Record<string, number>;
  start?: Record<string, number>;
  k: number;
  type: string;
  candidates: number;
  rounds: number;
  arms: number;
  elite: number;
  report?: string;
  requestsPerArm: number;
  evaluationRequests: number;
  minStd: number;
  simSeed: number;
  threads?: number;
  json?: boolean;
}

export function registerFusionSimulate(fusion: Command): void {
  funnelWorldOptions(
    fusion
      .command("simulate")
      .description(
        "tune fusion weights by simulated online experiments: the funnel simulator serves fresh requests, each arm ranks its own, users answer with their true probabilities",
      )
      .requiredOption("--model <dir>", "a model trained on `mtrec synth funnel` data; give the world options that run used"),
  )
    .option("--values <action=value,...>", "value of a click and of a purchase in the business metric", taskNumbers("--values"))
    .option("--start <task=weight,...>", "the search's starting weights (default 1 per task)", taskNumbers("--start"))
    .option("--k <n>", "top K of each request that users see", positiveInt("--k"), 5)
    .option("--type <fusion>", "multiplicative, additive or rank", "multiplicative")
    .option("--candidates <n>", "candidates per request", positiveInt("--candidates"), 50)
    .option("--rounds <n>", "experiment rounds", positiveInt("--rounds"), 12)
    .option("--arms <n>", "weight vectors (A/B buckets) per round", positiveInt("--arms"), 10)
    .option("--elite <n>", "best arms per round that move the search", positiveInt("--elite"), 3)
    .option("--requests-per-arm <n>", "requests each arm serves per round (its traffic)", positiveInt("--requests-per-arm"), 1_000)
    .option(
      "--evaluation-requests <n>",
      "fixed requests the search mean's expected value is measured on",
      positiveInt("--evaluation-requests"),
      3_000,
    )
    .option("--min-std <s>", "floor on the search's std, so noisy rounds do not end the search early", number("--min-std", 0, 1e6), 0.2)
    .option("--sim-seed <n>", "seed of the live traffic and of the search", nonNegativeInt("--sim-seed"), 1)
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"))
    .option("--json", 'print JSON: {"fusion", "weights", "expected", "equal", "evaluations", "requests", "curve": [...]}')
    .option("--report <file>", "also write an HTML page: the loop's curve and the search mean's weights per round")
    .action(async (f: SimulateFlags) => {
      const type = fusionType(f.type);
      const values = f.values ?? { click: 1, purchase: 1 };
      checkNames("--values", values, FUNNEL_ACTIONS);
      if (f.report) await checkOutFile(f.report, "--report");
      if (f.elite > f.arms) throw new MtrecError("BAD_ARGUMENT", `mtrec: --elite ${f.elite} is above --arms ${f.arms}`);
      const scorer = await modelScorer(f.model, { threads: f.threads });
      if (scorer.tasks.length === 0)
        throw new MtrecError("BAD_ARGUMENT", `mtrec: ${f.model} has no binary task whose scores could be fused`);
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
        const line = reportWritten(
          await writeReport(
            f.report,
            simulateReport(result, `mtrec fusion simulate --model ${f.model}: ${type} fusion, ${f.rounds} rounds of ${f.arms} arms`),
          ),
        );
        if (f.json) console.error(line);
        else console.log(line);
      }
    });
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
