import { welchTest } from "../src/analysis/welch.js";
import { MtrecError } from "../src/errors.js";
import { type MeanStd, meanStd } from "../src/metrics/mean-std.js";

export { type MeanStd, meanStd };

/** `0.712 ± 0.004` with `digits` decimals. */
export function pm(m: MeanStd, digits = 3): string {
  return `${m.mean.toFixed(digits)} ± ${m.std.toFixed(digits)}`;
}

/** Signed, for biases and differences: `+0.012 ± 0.003`. */
export function signedPm(m: MeanStd, digits = 3): string {
  return `${m.mean >= 0 ? "+" : ""}${pm(m, digits)}`;
}

/**
 * "higher" / "lower" where Welch's test over the seeds rejects equal means (α = 0.05), else
 * "no different": an answer must not read a difference into seed noise.
 */
export function verdict(a: MeanStd, b: MeanStd, n: number): "higher" | "lower" | "no different" {
  if (n < 2) return "no different";
  const { p } = welchTest({ ...a, n }, { ...b, n });
  if (!(p < 0.05)) return "no different";
  return a.mean > b.mean ? "higher" : "lower";
}

/** How `a` compares with `b`, in words with both numbers: "0.71 ± 0.01, higher than 0.69 ± 0.01". */
export function against(a: MeanStd, b: MeanStd, n: number, digits = 3): string {
  const v = verdict(a, b, n);
  const word = v === "no different" ? "within seed noise of" : `${v} than`;
  return `${pm(a, digits)}, ${word} ${pm(b, digits)}`;
}

/** Per-seed values of each key, summarised. */
export function summarise(runs: Record<string, number>[]): Record<string, MeanStd> {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, meanStd(runs.map((r) => r[k] as number).filter((v) => v !== undefined))]));
}

/** Appends `value` to the list under `key`, starting one. */
export function pushTo<T>(lists: Record<string, T[]>, key: string, value: T): void {
  const list = lists[key] ?? [];
  list.push(value);
  lists[key] = list;
}

/** A summarised table's cell; a missing one is a bug in the question, not a result. */
export function cellOf(table: Record<string, Record<string, unknown>>, row: string, column: string): MeanStd {
  const v = table[row]?.[column] as MeanStd | undefined;
  if (v === undefined || typeof v.mean !== "number") throw new MtrecError("INTERNAL", `mtrec evidence: no "${column}" in row "${row}"`);
  return v;
}

/** Only the named columns of a summarised table, in that order. */
export function columns(table: Record<string, Record<string, MeanStd>>, names: string[]): Record<string, Record<string, MeanStd>> {
  return Object.fromEntries(
    Object.entries(table).map(([row, cells]) => [
      row,
      Object.fromEntries(names.filter((c) => c in cells).map((c) => [c, cells[c] as MeanStd])),
    ]),
  );
}
