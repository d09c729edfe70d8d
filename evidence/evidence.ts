import type { MeanStd } from "../src/metrics/mean-std.js";

/** A measured number: a mean ± std over seeds, a plain value, or a nested table of them. */
export type Measured = MeanStd | number | string | boolean | null | Measured[] | { [key: string]: Measured };

/** What one question's experiment returns: the JSON `npm run evidence -- NAME --json` prints. */
export interface Evidence {
  question: string;
  /** One or two sentences, written from the numbers of this run. */
  answer: string;
  numbers: Record<string, Measured>;
  seeds: number[];
  command: string;
}

/** How large a run is: the full one for docs/evidence.md, or `--quick` for the tests. */
export interface Scale {
  quick: boolean;
  /** Simulated exposures (or observations) per data set. */
  rows: number;
  epochs: number;
  batchSize: number;
  seeds: number[];
}

export const FULL: Scale = { quick: false, rows: 40_000, epochs: 5, batchSize: 1024, seeds: [1, 2, 3] };
export const QUICK: Scale = { quick: true, rows: 3_000, epochs: 1, batchSize: 256, seeds: [1, 2] };

/** What a question's experiment returns; `seeds` where it used others than the scale's (data draws). */
export interface Answer {
  answer: string;
  numbers: Record<string, Measured>;
  seeds?: number[];
}

export interface Question {
  name: string;
  question: string;
  /** The answer and its numbers; `command` is filled in by the runner. */
  run(scale: Scale): Promise<Answer>;
}
