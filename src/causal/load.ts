import type { DataSource } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { AteData } from "./ate.js";
import { readNumericColumns } from "./table.js";

/** Reads treatment, outcome (if any) and covariates of a file into the estimators' layout. */
export async function loadAteData(
  source: DataSource,
  treatment: string,
  outcome: string | undefined,
  covariates: string[],
): Promise<AteData> {
  if (covariates.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: give at least one covariate (--covariates a,b,c)");
  const names = [...new Set([treatment, ...(outcome ? [outcome] : []), ...covariates])];
  const cols = await readNumericColumns(source, names);
  const t = cols[treatment] as Float64Array;
  for (const [i, v] of t.entries()) {
    if (v !== 0 && v !== 1)
      throw new MtrecError(
        "BAD_DATA",
        `mtrec: ${source.path}, row ${i + 1}, column "${treatment}": the treatment must be 0 or 1, got ${v}`,
      );
  }
  const n = t.length;
  const p = covariates.length;
  const x = new Float64Array(n * p);
  covariates.forEach((c, j) => {
    const col = cols[c] as Float64Array;
    for (let i = 0; i < n; i++) x[i * p + j] = col[i] as number;
  });
  return { x, covariates, t, y: outcome ? (cols[outcome] as Float64Array) : new Float64Array(n) };
}
