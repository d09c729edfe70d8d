import type { Command } from "commander";
import { nonNegativeInt, number, positiveInt } from "../options.js";
import { taskNumbers } from "./fusion-flags.js";
import { type DataFlags, dataOptions } from "./train.js";

export interface TuneFlags extends DataFlags {
  model: string;
  data: string;
  request: string;
  values?: Record<string, number>;
  objective: string;
  k: number;
  method: string;
  type: string;
  steps: number;
  max: number;
  rounds: number;
  seed: number;
  holdout?: number;
  segment?: string;
  minRequests: number;
  threads?: number;
  json?: boolean;
  report?: string;
}

export function registerFusionTune(fusion: Command): void {
  const cmd = fusion
    .command("tune")
    .description("fusion weights that maximise the value of the fused top-K on logged requests")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "logged candidates with every task's label")
    .requiredOption("--request <column>", "the column that groups candidates into requests (a request or user id)")
    .option("--values <task=value,...>", "value of each action in the objective (default 1 each)", taskNumbers("--values"))
    .option("--objective <name>", "value (Σ value · actions in the top K), ndcg:<task> or recall:<task>", "value")
    .option("--k <n>", "top K of each request that counts", positiveInt("--k"), 10)
    .option("--method <name>", "grid or cem", "cem")
    .option("--type <fusion>", "multiplicative, additive or rank", "multiplicative")
    .option("--steps <n>", "grid: points per task over [0, --max]", positiveInt("--steps"), 5)
    .option("--max <w>", "grid: the largest weight", number("--max", 0, 1e6), 2)
    .option("--rounds <n>", "cem: rounds", positiveInt("--rounds"), 15)
    .option("--seed <n>", "seed of the search and of the holdout split", nonNegativeInt("--seed"), 1)
    .option(
      "--holdout <f>",
      "fraction of requests held out to judge the weights on (default 0, or 0.5 with --segment)",
      number("--holdout", 0, 0.99),
    )
    .option("--segment <column>", "personalised fusion: one CEM run per value of this user column, against the global weights")
    .option(
      "--min-requests <n>",
      "--segment: segments with fewer tuning requests keep the global weights",
      positiveInt("--min-requests"),
      50,
    )
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"))
    .option("--json", 'print JSON: {"method", "weights": {"<task>": …}, "objective", "evaluations", "equal", …, "warnings": […]}')
    .option("--report <file>", "also write an HTML page: every evaluated weight vector, CEM's convergence, sliders over held-out requests");
  dataOptions(cmd).action(async (f: TuneFlags) => {
    const { runTune } = await import("./fusion-tune-run.js");
    await runTune(f);
  });
}
