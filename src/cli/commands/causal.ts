import type { Command } from "commander";
import { ATE_METHODS } from "../../causal/ate.js";
import { list, nonNegativeInt, number, positiveInt } from "../options.js";
import { type DataFlags, dataOptions } from "./train.js";

export interface CausalFlags extends DataFlags {
  data: string;
  treatment: string;
  outcome?: string;
  covariates: string[];
  l2: number;
  json?: boolean;
  report?: string;
}

export interface AteFlags extends CausalFlags {
  method: string;
  bootstrap: number;
  seed: number;
  trim?: string[];
  maxWeight?: number;
  propensityModel?: string;
  outcomeModel?: string;
  drBootstrap?: boolean;
}

export interface AttFlags extends CausalFlags {
  k: number;
  caliper?: number;
  replacement: boolean;
}

const REPORT_FLAG = ["--report <file>", "also write an HTML page: love plot, propensity overlap, weights, the estimate"] as const;

export function registerCausal(program: Command): void {
  const causal = program.command("causal").description("treatment effects from observational data: IPW, doubly robust, balance checks");
  dataOptions(causal.command("ate"))
    .description("the average treatment effect of a 0/1 treatment on an outcome, adjusting for covariates")
    .requiredOption("--data <file>", "CSV, TSV, Parquet or JSON lines")
    .requiredOption("--treatment <column>", "the 0/1 treatment")
    .requiredOption("--outcome <column>", "the outcome")
    .requiredOption("--covariates <columns>", "confounders (and outcome-only predictors), comma-separated", list)
    .option("--method <name>", `one of ${ATE_METHODS.join(", ")}`, "dr")
    .option("--l2 <lambda>", "L2 penalty of the propensity model (scikit-learn's 1/C); 0: unpenalised", number("--l2", 0, 1e12), 1)
    .option("--bootstrap <n>", "bootstrap replicates for the IPW intervals", positiveInt("--bootstrap"), 200)
    .option("--seed <n>", "seed of the bootstrap", nonNegativeInt("--seed"), 1)
    .option("--trim <lower,upper>", "ipw-trimmed: drop rows whose propensity is outside these percentiles (default 0.01,0.99)", list)
    .option("--max-weight <w>", "ipw-trimmed: clip weights at w instead of trimming", number("--max-weight", 1, 1e12))
    .option("--dr-bootstrap", "dr: a bootstrap interval refitting both models, instead of the influence function's")
    .option("--propensity-model <dir>", "a trained mtrec model with the treatment as a binary task, instead of the logistic fit")
    .option("--outcome-model <dir>", "dr: a trained mtrec model with the outcome as a task and the treatment among its inputs")
    .option("--json", 'print JSON: {"method", "ate", "ci": [lo, hi], "se", "diagnostics"}')
    .option(...REPORT_FLAG)
    .action(async (f: AteFlags) => {
      const { runAte } = await import("./causal-run.js");
      await runAte(f);
    });
  dataOptions(causal.command("att"))
    .description("the average effect on the treated by propensity score matching")
    .requiredOption("--data <file>", "CSV, TSV, Parquet or JSON lines")
    .requiredOption("--treatment <column>", "the 0/1 treatment")
    .requiredOption("--outcome <column>", "the outcome")
    .requiredOption("--covariates <columns>", "covariates, comma-separated", list)
    .option("--l2 <lambda>", "L2 penalty of the propensity model; 0: unpenalised", number("--l2", 0, 1e12), 1)
    .option("--k <n>", "controls per treated row", positiveInt("--k"), 1)
    .option("--caliper <c>", "largest propensity difference of a match (default: none)", number("--caliper", 0, 1))
    .option("--no-replacement", "each control serves one treated row at most (greedy, highest propensity first)")
    .option("--json", 'print JSON: {"method": "psm", "att", "treated", "matched", "unmatched"}')
    .action(async (f: AttFlags) => {
      const { runAtt } = await import("./causal-run.js");
      await runAtt(f);
    });
  dataOptions(causal.command("balance"))
    .description("covariate balance between the arms before and after inverse-propensity weighting, and the propensities' overlap")
    .requiredOption("--data <file>", "CSV, TSV, Parquet or JSON lines")
    .requiredOption("--treatment <column>", "the 0/1 treatment")
    .requiredOption("--covariates <columns>", "covariates, comma-separated", list)
    .option("--l2 <lambda>", "L2 penalty of the propensity model; 0: unpenalised", number("--l2", 0, 1e12), 1)
    .option("--json", "print JSON")
    .option(...REPORT_FLAG)
    .action(async (f: CausalFlags) => {
      const { runBalance } = await import("./causal-run.js");
      await runBalance(f);
    });
}
