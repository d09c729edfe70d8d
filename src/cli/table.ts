/**
 * Left-aligned first column, right-aligned others. Kept apart from format.ts, whose tables read
 * train's constants and so load the trainer (ONNX Runtime, DuckDB) into commands that need neither.
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function fmt(v: number | undefined, digits = 4): string {
  return v === undefined || Number.isNaN(v) ? "n/a" : v.toFixed(digits);
}
