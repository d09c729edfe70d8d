import { ATE_METHODS, type AteMethod, balance, estimateAte, weightsOf } from "../../causal/ate.js";
import { fitLogistic, inverseProbabilityWeights, matchingAtt } from "../../causal/estimators/index.js";
import { loadAteData } from "../../causal/load.js";
import { MtrecError } from "../../errors.js";
import type { CausalReportInput } from "../../report/causal-report.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { fmt, table } from "../table.js";
import type { AteFlags, AttFlags, CausalFlags } from "./causal.js";
import { sourceFrom } from "./train.js";

/** Writes the report (vega loads only now); with --json the line goes to stderr so stdout stays one JSON document. */
async function report(path: string, input: CausalReportInput, json: boolean | undefined): Promise<void> {
  const { causalReport } = await import("../../report/causal-report.js");
  const { writeReport } = await import("../../report/write.js");
  const line = reportWritten(await writeReport(path, causalReport(input)));
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

/** `mtrec causal ate`; a trained model's propensities or outcomes (ONNX Runtime) load only when one is given. */
export async function runAte(f: AteFlags): Promise<void> {
  if (!(ATE_METHODS as readonly string[]).includes(f.method))
    throw new MtrecError("BAD_ARGUMENT", `mtrec: --method ${f.method} is not one of ${ATE_METHODS.join(", ")}`);
  const method = f.method as AteMethod;
  const trim =
    f.maxWeight !== undefined ? { maxWeight: f.maxWeight } : f.trim ? { lower: Number(f.trim[0]), upper: Number(f.trim[1]) } : undefined;
  if (f.report) await checkOutFile(f.report, "--report", { "--data": f.data });
  const source = sourceFrom(f.data, f);
  const d = await loadAteData(source, f.treatment, f.outcome, f.covariates);
  const models = f.propensityModel || f.outcomeModel ? await import("../../train/causal-models.js") : undefined;
  const propensity = f.propensityModel ? await models?.mtrecPropensity(f.propensityModel, source, f.treatment) : undefined;
  const outcomes = f.outcomeModel ? await models?.mtrecOutcomes(f.outcomeModel, source, f.treatment, f.outcome as string) : undefined;
  const r = estimateAte(d, {
    method,
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
    const what = `mtrec causal ate --method ${r.method} on ${f.data}: effect of ${f.treatment} on ${f.outcome}`;
    await report(f.report, { data: d, propensity: e, weights, balance: r.diagnostics, estimate: r, what }, f.json);
  }
}

/** `mtrec causal att`. */
export async function runAtt(f: AttFlags): Promise<void> {
  const d = await loadAteData(sourceFrom(f.data, f), f.treatment, f.outcome, f.covariates);
  const e = fitLogistic(d.x, d.covariates.length, d.t, { l2: f.l2 }).predict(d.x);
  const r = matchingAtt(d.t, d.y, e, { k: f.k, caliper: f.caliper, replacement: f.replacement });
  console.log(
    f.json
      ? JSON.stringify({ method: "psm", ...r })
      : `psm: ATT ${fmt(r.att)} over ${r.matched} matched treated rows (${r.unmatched} of ${r.treated} unmatched)`,
  );
}

/** `mtrec causal balance`. */
export async function runBalance(f: CausalFlags): Promise<void> {
  if (f.report) await checkOutFile(f.report, "--report", { "--data": f.data });
  const d = await loadAteData(sourceFrom(f.data, f), f.treatment, undefined, f.covariates);
  const e = fitLogistic(d.x, d.covariates.length, d.t, { l2: f.l2 }).predict(d.x);
  const weights = inverseProbabilityWeights(d.t, e);
  const b = balance(d, e, weights);
  console.log(f.json ? JSON.stringify(b) : balanceTable(b));
  if (f.report)
    await report(
      f.report,
      { data: d, propensity: e, weights, balance: b, what: `mtrec causal balance on ${f.data}: treatment ${f.treatment}` },
      f.json,
    );
}
