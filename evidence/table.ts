import type { Measured } from "./evidence.js";

type Row = Record<string, Measured>;

function isMeanStd(v: Measured): v is { mean: number; std: number } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof v.mean === "number" && typeof v.std === "number";
}

function isLeaf(v: Measured): boolean {
  return v === null || typeof v !== "object" || isMeanStd(v) || (Array.isArray(v) && v.every((x) => typeof x !== "object"));
}

function cell(v: Measured): string {
  if (isMeanStd(v)) return `${fmt(v.mean)} ± ${fmt(v.std)}`;
  if (typeof v === "number") return fmt(v);
  if (Array.isArray(v)) return v.map((x) => cell(x)).join(", ");
  return String(v);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toFixed(a < 0.1 ? 4 : 3);
}

/** A row or column name in a table cell: a bare | would end the cell. */
const escaped = (text: string): string => text.replaceAll("|", "\\|");

/** A markdown table of rows whose values are leaves (a mean ± std or a plain value). */
function table(rows: Record<string, Row>): string[] {
  const columns = [...new Set(Object.values(rows).flatMap((r) => Object.keys(r)))];
  const lines = [`| | ${columns.map(escaped).join(" | ")} |`, `| --- | ${columns.map(() => "---").join(" | ")} |`];
  for (const [name, row] of Object.entries(rows))
    lines.push(`| ${escaped(name)} | ${columns.map((c) => (c in row ? escaped(cell(row[c] as Measured)) : "")).join(" | ")} |`);
  return lines;
}

/**
 * The numbers as markdown: every object of rows of leaves becomes a table under its key, plain
 * values a list. What `npm run evidence -- NAME` prints, and what docs/evidence.md shows.
 */
export function markdown(numbers: Record<string, Measured>, depth = 3): string[] {
  const out: string[] = [];
  const leaves = Object.entries(numbers).filter(([, v]) => isLeaf(v));
  for (const [k, v] of leaves) out.push(`- ${k}: ${cell(v)}`);
  const nested = Object.entries(numbers).filter(([, v]) => !isLeaf(v)) as [string, Record<string, Measured>][];
  const tableLike = nested.length > 0 && nested.every(([, v]) => Object.values(v).every((x) => isLeaf(x)));
  if (tableLike) {
    if (out.length > 0) out.push("");
    out.push(...table(Object.fromEntries(nested) as Record<string, Row>));
    return out;
  }
  for (const [k, v] of nested) {
    out.push("", `${"#".repeat(Math.min(depth, 6))} ${k}`, "", ...markdown(v as Record<string, Measured>, depth + 1));
  }
  return out;
}
