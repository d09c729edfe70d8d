import { MtrecError } from "../../errors.js";

/**
 * The row count of a row-major covariate matrix; throws unless `columns` is a whole number
 * of at least 1 that divides the length, so a transposed or flattened-wrong matrix is caught
 * here rather than read as nonsense rows.
 */
export function checkMatrix(fn: string, x: ArrayLike<number>, columns: number): number {
  if (!Number.isInteger(columns) || columns < 1) {
    // Untyped callers pass arguments one place off; print the kind, not a 50,000-entry array.
    const shown = typeof columns === "number" ? String(columns) : `a ${typeof columns === "object" ? "array or object" : typeof columns}`;
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${fn}: columns is ${shown}; it must be the number of covariates, a whole number ≥ 1.`);
  }
  if (x.length % columns !== 0) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${fn}: x has ${x.length} values, not a multiple of columns = ${columns}; pass rows × columns values, row-major.`,
    );
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const row = Math.floor(i / columns);
      throw new MtrecError("BAD_DATA", `mtrec: ${fn}: x at row ${row}, column ${i % columns} is ${x[i]}; covariates must be finite.`);
    }
  }
  return x.length / columns;
}

/**
 * Propensities strictly inside (0, 1): a 0 or a 1 is an infinite inverse weight, which no
 * estimator can recover from, so it is named here instead of surfacing as an Infinity ATE.
 */
export function checkPropensities(fn: string, e: ArrayLike<number>): void {
  for (let i = 0; i < e.length; i++) {
    const p = e[i] as number;
    if (!(p > 0 && p < 1)) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${fn}: e[${i}] is ${p}; a propensity must lie strictly between 0 and 1. Clip the model's output or drop rows without overlap.`,
      );
    }
  }
}

/** Outcomes and model predictions must be finite numbers. */
export function checkFinite(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: ${fn}: ${name}[${i}] is ${values[i]}; expected a finite number.`);
    }
  }
}

/** Both arms must hold a row, or there is no contrast to estimate. */
export function checkBothArms(fn: string, t: ArrayLike<number>): { treated: number; untreated: number } {
  let treated = 0;
  for (let i = 0; i < t.length; i++) treated += t[i] as number;
  const untreated = t.length - treated;
  if (treated === 0 || untreated === 0) {
    throw new MtrecError(
      "BAD_DATA",
      `mtrec: ${fn}: t has ${treated} treated and ${untreated} untreated rows; both arms need at least one row to compare.`,
    );
  }
  return { treated, untreated };
}

/** Every per-row array must have one value for each row of the covariate matrix. */
export function checkRowCount(fn: string, rows: number, arrays: Record<string, ArrayLike<number>>): void {
  for (const [name, values] of Object.entries(arrays)) {
    if (values.length !== rows) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: ${fn}: x has ${rows} rows but ${name} has ${values.length}; pass one value per row.`);
    }
  }
}
