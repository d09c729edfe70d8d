import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drAte, fitArmOutcomes, fitLogistic, ipwAte } from "../src/causal/estimators/index.js";
import { loadAteData } from "../src/causal/load.js";
import { writeSynthConfoundedCsv } from "../src/data/synth/confounded.js";
import { runReference } from "./reference.js";
import type { BenchResult } from "./result.js";

const COVARIATES = ["x1", "x2", "x3", "x4", "x5"];

/**
 * mtrec's propensity model, IPW and doubly robust ATEs against scikit-learn's
 * LogisticRegression and LinearRegression on the same file: the same propensities and the
 * same ATEs to 1e-4. `ratio` is mtrec's ATE over scikit-learn's.
 */
export async function causal(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-bench-causal-"));
  const results: BenchResult["results"] = [];
  try {
    for (const l2 of [1, 0]) {
      const path = join(dir, `confounded-${l2}.csv`);
      await writeSynthConfoundedCsv(path, { rows: 50_000, seed: 3 });
      const d = await loadAteData({ path }, "t", "y", COVARIATES);
      const model = fitLogistic(d.x, COVARIATES.length, d.t, { l2 });
      const e = model.predict(d.x);
      const { mu1, mu0 } = fitArmOutcomes(d.x, COVARIATES.length, d.t, d.y);
      const ours = { ipw: ipwAte(d.t, d.y, e), dr: drAte(d.t, d.y, e, mu1, mu0).ate };
      const ref = await runReference("causal_sklearn.py", [`--data=${path}`, `--covariates=${COVARIATES.join(",")}`, `--l2=${l2}`]);
      const theirs = ref?.propensities as number[] | undefined;
      let maxDiff = Number.NaN;
      if (theirs) {
        maxDiff = 0;
        for (let i = 0; i < e.length; i++) maxDiff = Math.max(maxDiff, Math.abs((e[i] as number) - (theirs[i] as number)));
      }
      const penalty = l2 === 0 ? "unpenalised" : `L2 λ = ${l2} (C = ${1 / l2})`;
      results.push({
        case: `propensities, ${penalty}, 50,000 rows: max |mtrec − scikit-learn|`,
        mtrec: { maxAbsDifference: maxDiff, intercept: model.intercept, iterations: model.iterations },
        reference: ref ? { sklearn: ref.sklearn, intercept: ref.intercept } : null,
        ratio: null,
      });
      for (const method of ["ipw", "dr"] as const) {
        const r = ref ? (ref[method === "ipw" ? "ateIpw" : "ateDr"] as number) : null;
        results.push({
          case: `${method} ATE, ${penalty} (true ATE 2)`,
          mtrec: { ate: ours[method], absDifference: r === null ? null : Math.abs(ours[method] - r) },
          reference: r === null ? null : { ate: r },
          ratio: r === null ? null : ours[method] / r,
        });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { bench: "causal", results };
}
