import type { Command } from "commander";
import { type FunnelFlags, funnelOptionsOf, funnelWorldOptions } from "../funnel-options.js";
import { nonNegativeInt, number, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";

export function registerSynth(program: Command): void {
  const synth = program.command("synth").description("generate data sets with known structure");
  synth
    .command("mmoe")
    .description("the MMoE paper's two regression tasks with a chosen correlation (Ma et al., KDD 2018)")
    .requiredOption("--out <file>", "CSV to write (columns x0..x99, y1, y2)")
    .option("--rows <n>", "rows", positiveInt("--rows"), 10_000)
    .option("--correlation <p>", "correlation of the tasks' linear parts, in [-1, 1]", number("--correlation", -1, 1), 0.5)
    .option("--seed <n>", "seed of the task parameters and the rows", nonNegativeInt("--seed"), 1)
    .option(
      "--preset <name>",
      "generator parameters: reproduction (c 0.3, m 5, α β ~ N(0,1)) or integer (c 1, m 10, α_i = i, β_i = i²)",
      "reproduction",
    )
    .action(async (f: { out: string; rows: number; correlation: number; seed: number; preset: string }) => {
      await checkOutFile(f.out);
      const { writeSynthMmoeCsv } = await import("../../data/synth/mmoe.js");
      await writeSynthMmoeCsv(f.out, {
        rows: f.rows,
        correlation: f.correlation,
        seed: f.seed,
        preset: f.preset as "reproduction" | "integer",
      });
      console.log(`wrote ${f.rows.toLocaleString("en-US")} rows to ${f.out}`);
    });
  funnelWorldOptions(
    synth
      .command("funnel")
      .description("exposures → click → D-action → purchase, with the true CVR of every exposure (ESMM / ESM2 bias studies)")
      .requiredOption("--out <file>", "CSV to write (ids, segment, category, price; click, action, purchase, watch_time, share; truth_*)"),
  ).action(async (f: FunnelFlags & { out: string }) => {
    await checkOutFile(f.out);
    const { writeSynthFunnelCsv } = await import("../../data/synth/funnel.js");
    const rates = await writeSynthFunnelCsv(f.out, funnelOptionsOf(f));
    console.log(`wrote ${f.rows.toLocaleString("en-US")} exposures to ${f.out}`);
    console.log(`  CTR                                ${rates.ctr.toFixed(4)}`);
    console.log(`  CVR on clicked rows (observed)     ${rates.cvrOnClicks.toFixed(4)}`);
    console.log(`  CVR on all exposures (truth_cvr)   ${rates.cvrOnExposures.toFixed(4)}`);
    console.log(`  purchase rate (CTCVR)              ${rates.purchaseRate.toFixed(4)}`);
  });
  synth
    .command("confounded")
    .description("observational data with a known average treatment effect, confounded through observed covariates")
    .requiredOption("--out <file>", "CSV to write (columns x1..xp, t, y, truth_e)")
    .option("--rows <n>", "rows", positiveInt("--rows"), 50_000)
    .option("--tau <effect>", "the true ATE", number("--tau", -1e6, 1e6), 2)
    .option("--outcome <kind>", "linear or nonlinear (a linear outcome model is then misspecified)", "linear")
    .option("--propensity <kind>", "logistic or nonlinear (a logistic propensity model is then misspecified)", "logistic")
    .option("--seed <n>", "seed", nonNegativeInt("--seed"), 1)
    .action(async (f: { out: string; rows: number; tau: number; outcome: string; propensity: string; seed: number }) => {
      await checkOutFile(f.out);
      const { writeSynthConfoundedCsv } = await import("../../data/synth/confounded.js");
      await writeSynthConfoundedCsv(f.out, {
        rows: f.rows,
        seed: f.seed,
        tau: f.tau,
        outcome: f.outcome as "linear" | "nonlinear",
        propensity: f.propensity as "logistic" | "nonlinear",
      });
      console.log(`wrote ${f.rows.toLocaleString("en-US")} rows to ${f.out} (true ATE ${f.tau})`);
    });
}
