import { MtrecError } from "../../errors.js";

/** The options of `synthFunnel`; the model they set is described there. */
export interface SynthFunnelOptions {
  /** Exposures, ≥ 1. */
  rows: number;
  /** Default 2,000. */
  users?: number;
  /** Default 1,000. */
  items?: number;
  /** b in [0, 1], default 0.5: 0 leaves click and conversion no observed factor in common. */
  selectionBias?: number;
  /** g in [0, 1], default 0: a hidden per-exposure factor raising both click and conversion. */
  hiddenConfounding?: number;
  /** Mean of truth_ctr, in (0, 1), default 0.10. */
  ctr?: number;
  /** Mean of truth_cvr over all exposures, in (0, 1), default 0.10. */
  cvr?: number;
  /**
   * L ≥ 0, default 2: log-odds of buying after a D-action over buying without one. A large L
   * makes purchases without a D-action (ESM2's y4 path) rare, as in real logs.
   */
  actionLift?: number;
  seed: number;
}

/** The command line's names for selectionBias. */
export const SELECTION_BIAS_LEVELS = { none: 0, low: 0.25, medium: 0.5, high: 1 } as const;

export function checkedOptions(opts: SynthFunnelOptions): Required<Omit<SynthFunnelOptions, "seed">> {
  const checked = {
    rows: opts.rows,
    users: opts.users ?? 2_000,
    items: opts.items ?? 1_000,
    selectionBias: opts.selectionBias ?? SELECTION_BIAS_LEVELS.medium,
    hiddenConfounding: opts.hiddenConfounding ?? 0,
    ctr: opts.ctr ?? 0.1,
    cvr: opts.cvr ?? 0.1,
    actionLift: opts.actionLift ?? 2,
  };
  for (const name of ["rows", "users", "items"] as const) {
    const n = checked[name];
    if (!Number.isInteger(n) || n < 1) throw bad(`${name} must be a whole number ≥ 1, got ${n}`);
  }
  for (const name of ["selectionBias", "hiddenConfounding"] as const) {
    const v = checked[name];
    if (!(v >= 0 && v <= 1)) throw bad(`${name} must be a number in [0, 1] (0: none, 1: the strongest), got ${v}`);
  }
  for (const name of ["ctr", "cvr"] as const) {
    const v = checked[name];
    if (!(v > 0 && v < 1)) throw bad(`${name} must be a rate strictly between 0 and 1, got ${v}`);
  }
  if (!(checked.actionLift >= 0 && Number.isFinite(checked.actionLift)))
    throw bad(`actionLift must be a finite number ≥ 0 (log-odds), got ${checked.actionLift}`);
  if (!Number.isFinite(opts.seed)) throw bad(`seed must be a finite number, got ${opts.seed}`);
  return checked;
}

function bad(message: string): MtrecError {
  return new MtrecError("BAD_ARGUMENT", `mtrec: synth funnel: ${message}`);
}
