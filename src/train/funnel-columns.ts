import type { TrainConfig } from "./config.js";

/** The simulator's ground-truth columns: never inputs, read for the CVR bias report when present. */
export const TRUTH_COLUMNS = ["truth_ctr", "truth_cvr", "truth_ctcvr", "truth_r"] as const;

/** The data column a model takes its propensities from, if its config says so. */
export function propensityColumn(config: Pick<TrainConfig, "model">): string | undefined {
  const p = (config.model as { propensity?: { source: string; column?: string } }).propensity;
  return p?.source === "column" ? p.column : undefined;
}

/** Numeric columns to carry through encoding: the propensity column and whichever truth columns the file has. */
export function carriedColumns(config: Pick<TrainConfig, "model">, fileColumns: readonly string[]): string[] {
  const p = propensityColumn(config);
  const truth = TRUTH_COLUMNS.filter((c) => fileColumns.includes(c));
  return [...new Set([...(p ? [p] : []), ...truth])];
}
