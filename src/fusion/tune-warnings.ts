import { fuse, rankWithin } from "./fuse.js";
import { requestObjectives } from "./offline.js";
import type { TuneInput, TuneOptions } from "./tune.js";

/**
 * How many standard errors a gain must clear to be more than the requests' noise: about a
 * one-sided 2.5 % test of the paired per-request differences.
 */
export const GAIN_STANDARD_ERRORS = 2;

/** The gain of one weight vector over another, request by request on the same requests. */
export interface PairedGain {
  gain: number;
  /** Standard error of the mean per-request difference (sample std / √n). */
  se: number;
  requests: number;
}

/** Each request's objective under `weights` (NaN where an NDCG or recall objective has no positive). */
export function perRequestObjective(input: TuneInput, o: Pick<TuneOptions, "fusion" | "values" | "k" | "objective">) {
  return (weights: Record<string, number>): Float64Array =>
    requestObjectives(
      rankWithin(fuse(input.scores, input.requests, { type: o.fusion, weights }), input.requests),
      input.requests,
      input.labels,
      { k: o.k, values: o.values },
      o.objective ?? { kind: "value" },
    );
}

/** Mean and standard error of a − b over the requests where both are defined. */
export function pairedGain(a: Float64Array, b: Float64Array): PairedGain {
  const d: number[] = [];
  for (let r = 0; r < a.length; r++) {
    const v = (a[r] as number) - (b[r] as number);
    if (!Number.isNaN(v)) d.push(v);
  }
  const n = d.length;
  const mean = n > 0 ? d.reduce((s, v) => s + v, 0) / n : Number.NaN;
  const variance = n > 1 ? d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : Number.NaN;
  return { gain: mean, se: Math.sqrt(variance / n), requests: n };
}

/** True when the gain is within the noise: below GAIN_STANDARD_ERRORS standard errors, or not measurable. */
export function withinNoise(g: PairedGain): boolean {
  return !(g.gain > GAIN_STANDARD_ERRORS * g.se);
}

/** Four significant digits, for messages. */
export function formatNumber(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}

/** The warning for a gain within the noise, naming what was compared and the test. */
export function noiseWarning(what: string, against: string, g: PairedGain): string {
  return (
    `${what} gain ${formatNumber(g.gain)} over ${against} on ${g.requests} tuning request${g.requests === 1 ? "" : "s"}, ` +
    `not more than ${GAIN_STANDARD_ERRORS} standard errors of the per-request difference (SE ${formatNumber(g.se)}): ` +
    "too few requests to tell the weight vectors apart (or the weights matter little here)"
  );
}
