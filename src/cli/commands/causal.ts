import type { Command } from "commander";
import { ATE_METHODS, type AteMethod, balance, estimateAte, weightsOf } from "../../causal/ate.js";
import { fitLogistic, inverseProbabilityWeights, matchingAtt } from "../../causal/estimators/index.js";
import { loadAteData } from "../../causal/load.js";
import { MtrecError } from "../../errors.js";
import { causalReport } from "../../report/causal-report.js";
import { writeReport } from "../../report/write.js";
import { mtrecOutcomes, mtrecPropensity } from "../../train/causal-models.js";
import { fmt, table } from "../format.js";
import { list, nonNegativeInt, number, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { type DataFlags, dataOptions, sourceFrom } from "./train.js";

interface CausalFlags extends DataFlags {
  data: string;
  treatment: string;
  outcome?: string;
  covariates: string[];
  l2: number;
  json?: boolean;
  report?: string;
}

const REPORT_FLAG = ["--report <file>", "also write an HTML page: love plot, propensity overlap, weights, the estimate"] as const;

/** Writes the report; with --json the line goes to stderr so stdout stays one JSON document. */
async function report(path: string, page: Parameters<typeof writeReport>[1], json: boolean | undefined): Promise<void> {
  const line = reportWritten(await writeReport(path, page));
  if (json) console.error(line);
  else console.log(line);
}

function balanceTable(b: ReturnType<typeof balance>): string {
  const rows = Object.entries(b.smd).map(([c, s]) => [c, fmt(s.before, 3), fmt(s.after, 3), fmt(b.ks[c], 3)]);
  const w = b.weights;
  const lines = [
    table(["covariate", "SMD before", "SMD after", "KS after"], rows),
    `weights: min ${fmt(w.min, 3)}, median ${fmt(w.percentiles.p50, 3)}, p99 ${fmt(w.percentiles.p99, 3)}, max ${fmt(w.max, 3)}; effective sample size ${Math.round(w.effectiveSampleSize)}`,
    ...b.overlap.map((o) => `warning: ${o.message}`),
  ];
  return lines.join("\n");
}

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
    .action(
      async (
        f: CausalFlags & {
          method: string;
          bootstrap: number;
          seed: number;
          trim?: string[];
          maxWeight?: number;
          propensityModel?: string;
          outcomeModel?: string;
          drBootstrap?: boolean;
        },
      ) => {
        if (!(ATE_METHODS as readonly string[]).includes(f.method)) {
          throw new MtrecError("BAD_ARGUMENT", `mtrec: --method ${f.method} is not one of ${ATE_METHODS.join(", ")}`);
        }
        const trim =
          f.maxWeight !== undefined
            ? { maxWeight: f.maxWeight }
            : f.trim
              ? { lower: Number(f.trim[0]), upper: Number(f.trim[1]) }
              : undefined;
        if (f.report) await checkOutFile(f.report, "--report");
        const source = sourceFrom(f.data, f);
        const d = await loadAteData(source, f.treatment, f.outcome, f.covariates);
        const propensity = f.propensityModel ? await mtrecPropensity(f.propensityModel, source, f.treatment) : undefined;
        const outcomes = f.outcomeModel ? await mtrecOutcomes(f.outcomeModel, source, f.treatment, f.outcome as string) : undefined;
        const r = estimateAte(d, {
          method: f.method as AteMethod,
          l2: f.l2,
          replicates: f.bootstrap,
          seed: f.seed,
          trim,
          propensity,
          outcomes,
          drInterval: f.drBootstrap ? "bootstrap" : "influence function",
        });
        if (f.json) console.log(JSON.stringify(r));
        else {
          console.log(
            `${r.method}: ATE ${fmt(r.ate)} (95 % CI ${fmt(r.ci[0])} to ${fmt(r.ci[1])}, se ${fmt(r.se)}, ${r.diagnostics.interval})\n`,
          );
          console.log(balanceTable(r.diagnostics));
        }
        if (f.report) {
          // the same propensities estimateAte used: the given ones, or the same deterministic logistic fit
          const e = propensity ?? fitLogistic(d.x, d.covariates.length, d.t, { l2: f.l2 }).predict(d.x);
          const weights = weightsOf(r.method, d.t, e, trim);
          const balanceOf = r.diagnostics;
          const what = `mtrec causal ate --method ${r.method} on ${f.data}: effect of ${f.treatment} on ${f.outcome}`;
          await report(f.report, causalReport({ data: d, propensity: e, weights, balance: balanceOf, estimate: r, what }), f.json);
        }
      },
    );
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
    .action(async (f: CausalFlags & { k: number; caliper?: number; replacement: boolean }) => {
      const d = await loadAteData(sourceFrom(f.data, f), f.treatment, f.outcome, f.covariates);
      const e = fitLogistic(d.x, d.covariates.length, d.t, { l2: f.l2 }).predict(d.x);
      const r = matchingAtt(d.t, d.y, e, { k: f.k, caliper: f.caliper, replacement: f.replacement });
      console.log(
        f.json
          ? JSON.stringify({ method: "psm", ...r })
          : `psm: ATT ${fmt(r.att)} over ${r.matched} matched treated rows (${r.unmatched} of ${r.treated} unmatched)`,
      );
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
      if (f.report) await checkOutFile(f.report, "--report");
      const d = await loadAteData(sourceFrom(f.data, f), f.treatment, undefined, f.covariates);
      const e = fitLogistic(d.x, d.covariates.length, d.t, { l2: f.l2 }).predict(d.x);
      const weights = inverseProbabilityWeights(d.t, e);
      const b = balance(d, e, weights);
      console.log(f.json ? JSON.stringify(b) : balanceTable(b));
      if (f.report)
        await report(
          f.report,
          causalReport({
            data: d,
            propensity: e,
            weights,
            balance: b,
            what: `mtrec causal balance on ${f.data}: treatment ${f.treatment}`,
          }),
          f.json,
        );
    });
}
