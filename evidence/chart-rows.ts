import { MtrecError } from "../src/errors.js";
import type { MeanStd } from "../src/metrics/mean-std.js";
import type { Measured } from "./evidence.js";

/** An object of named results, as the experiments nest them: group → variant → metric. */
export type Results = { [key: string]: Measured };

/** What a metric key of the experiments means, as a chart's panel names it (unit included). */
export const METRIC_LABELS: Record<string, string> = {
  ctrAuc: "CTR AUC",
  ctcvrAuc: "CTCVR AUC",
  cvrAucO: "CVR AUC on O (clicked exposures)",
  cvrAucD: "CVR AUC on D (all exposures)",
  ieb: "IEB: mean pCVR − true CVR on D",
  cvrMaeD: "mean |pCVR − true CVR| on D",
  clickAuc: "click AUC",
  shareAuc: "share AUC",
  watchTimeMse: "watch-time MSE (s², the simulator's seconds)",
  value: "value per request (click 1, purchase 20)",
  clickRecall: "click recall in the top 5",
  purchaseRecall: "purchase recall in the top 5",
};

export function isMeanStd(v: Measured | undefined): v is MeanStd {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof v.mean === "number" && typeof v.std === "number";
}

function isResults(v: Measured | undefined): v is Results {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !isMeanStd(v);
}

/** Reads one result file's numbers; every miss is an error naming the file and the key path. */
export class ResultReader {
  constructor(readonly file: string) {}

  private fail(path: string[], expected: string, got: Measured | undefined): never {
    const shown = got === undefined ? "nothing" : JSON.stringify(got).slice(0, 60);
    throw new MtrecError("BAD_DATA", `mtrec: ${this.file}, numbers → ${path.join(" → ")}: expected ${expected}, got ${shown}`);
  }

  /** The nested objects of `results` (groups or variants), in the file's order; plain values are skipped. */
  groups(results: Results, path: string[]): [string, Results][] {
    const out = Object.entries(results).filter((e): e is [string, Results] => isResults(e[1]));
    if (out.length === 0) this.fail(path, "an object of named results", results);
    return out;
  }

  /** A mean ± std; a plain number is an exact value (std 0). */
  meanStd(results: Results, key: string, path: string[]): MeanStd {
    const v = results[key];
    if (typeof v === "number") return { mean: v, std: 0 };
    if (!isMeanStd(v)) return this.fail([...path, key], "a number or {mean, std}", v);
    return v;
  }

  /** The number a label carries, the first group of `pattern` (the sweep's setting: "λc 0.3, stop-gradient" → 0.3). */
  numberIn(label: string, pattern: RegExp, path: string[]): number {
    const m = pattern.exec(label);
    const x = m?.[1] === undefined ? Number.NaN : Number(m[1]);
    if (!Number.isFinite(x)) this.fail(path, `a key matching ${pattern}`, label);
    return x;
  }
}

/** Seeds as a subtitle says them. */
export function overSeeds(seeds: number[]): string {
  return `mean ± std over ${seeds.length} seed${seeds.length === 1 ? "" : "s"}`;
}

/** The part of a group's key before its colon: "selection bias 1: CVR 0.145 on clicks" → "selection bias 1". */
export function shortLabel(key: string): string {
  const i = key.indexOf(":");
  return i < 0 ? key : key.slice(0, i);
}
