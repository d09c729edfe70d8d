import { segmentObjective, subset, tunePersonalised } from "./personalised.js";
import { splitRequests } from "./requests.js";
import { fusionObjective, type TuneInput, type TuneOptions, tuneFusion } from "./tune.js";
import { formatNumber, noiseWarning, pairedGain, perRequestObjective, withinNoise } from "./tune-warnings.js";

export interface LoggedTuneOptions extends TuneOptions {
  /** Fraction of requests held out to judge the weights on (0: judge on the tuning requests). */
  holdout: number;
  /** Personalised fusion: a segment index per request, and each index's name. */
  segments?: { ids: Int32Array; names: string[] };
  minRequests?: number;
}

/** Weights found on logged requests and how they do, on held-out requests where some are held out. */
export interface LoggedTuneReport {
  method: "grid" | "cem";
  fusion: TuneOptions["fusion"];
  weights: Record<string, number>;
  /** On the tuning requests. */
  objective: number;
  equal: number;
  evaluations: number;
  requests: { tune: number; holdout: number };
  holdout?: { objective: number; equal: number };
  personalised?: {
    /** Per segment with enough requests: its own weights, or null where the global ones did better. */
    segments: Record<string, { requests: number; weights: Record<string, number> | null }>;
    evaluations: number;
    objective: number;
    holdout?: number;
  };
  /**
   * What the numbers above cannot support: tuned weights whose gain on the tuning requests is
   * within the noise, or that score below the weights they were meant to beat on held-out requests.
   */
  warnings: string[];
}

export async function tuneLogged(input: TuneInput, o: LoggedTuneOptions): Promise<LoggedTuneReport> {
  const count = input.requests.offsets.length - 1;
  const split = o.holdout > 0 ? splitRequests(count, o.holdout, o.seed) : undefined;
  const tune = split ? subset(input, split.tune) : input;
  const held = split ? subset(input, split.holdout) : undefined;
  const global = await tuneFusion(tune, o);
  const report: LoggedTuneReport = {
    method: global.method,
    fusion: o.fusion,
    weights: global.weights,
    objective: global.objective,
    equal: global.equal,
    evaluations: global.evaluations,
    requests: { tune: split?.tune.length ?? count, holdout: split?.holdout.length ?? 0 },
    warnings: [],
  };
  const equalWeights = Object.fromEntries(Object.keys(input.scores).map((t) => [t, 1]));
  const perRequest = perRequestObjective(tune, o);
  const gain = pairedGain(perRequest(global.weights), perRequest(equalWeights));
  if (withinNoise(gain)) report.warnings.push(noiseWarning("the tuned weights", "equal weights", gain));
  if (held) {
    const judge = fusionObjective(held, o);
    report.holdout = { objective: judge(global.weights), equal: judge(equalWeights) };
    if (report.holdout.objective < report.holdout.equal)
      report.warnings.push(
        `the tuned weights score ${formatNumber(report.holdout.objective)} on the ${report.requests.holdout} held-out requests, below equal weights' ${formatNumber(report.holdout.equal)}: they fit the tuning requests' noise; prefer equal weights`,
      );
  }
  if (o.segments) {
    const { ids, names } = o.segments;
    const pick = (requests: Int32Array | undefined) => (requests ? Int32Array.from(requests, (r) => ids[r] as number) : ids);
    const p = await tunePersonalised(tune, pick(split?.tune), { ...o, method: "cem", global });
    const weights = { global: p.global, bySegment: p.bySegment };
    report.personalised = {
      segments: Object.fromEntries(
        p.segments.map((s) => [names[s.segment] as string, { requests: s.requests, weights: p.bySegment.get(s.segment) ?? null }]),
      ),
      evaluations: p.evaluations,
      objective: segmentObjective(tune, pick(split?.tune), weights, o),
    };
    if (held) {
      const personal = segmentObjective(held, pick(split?.holdout), weights, o);
      report.personalised.holdout = personal;
      const globalHeld = report.holdout?.objective as number;
      if (personal < globalHeld)
        report.warnings.push(
          `the per-segment weights score ${formatNumber(personal)} on the held-out requests, below the global weights' ${formatNumber(globalHeld)}: prefer the global weights`,
        );
    }
    const tuneSegments = pick(split?.tune);
    for (const [segment, own] of p.bySegment) {
      const members: number[] = [];
      tuneSegments.forEach((s, r) => {
        if (s === segment) members.push(r);
      });
      const sub = perRequestObjective(subset(tune, members), o);
      const g = pairedGain(sub(own), sub(p.global));
      if (withinNoise(g)) report.warnings.push(noiseWarning(`segment ${names[segment]}: its own weights`, "the global ones", g));
    }
  }
  return report;
}
