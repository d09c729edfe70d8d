import type { Command } from "commander";
import { type FunnelFlags, funnelWorldOptions } from "../funnel-options.js";
import { nonNegativeInt, number, positiveInt } from "../options.js";
import { taskNumbers } from "./fusion-flags.js";

export interface SimulateFlags extends FunnelFlags {
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
      const { runSimulate } = await import("./fusion-simulate-run.js");
      await runSimulate(f);
    });
}
