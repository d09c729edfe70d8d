import { describeColumns, readChunks } from "../data/reader.js";
import type { DataSource } from "../data/types.js";
import { MtrecError } from "../errors.js";

/**
 * Numeric columns of a file as Float64Arrays, for the causal estimators. A missing column, a
 * text column or a missing value is refused by file, row and column: an estimate silently
 * computed on fewer rows than the user thinks is worse than none.
 */
export async function readNumericColumns(source: DataSource, names: string[]): Promise<Record<string, Float64Array>> {
  const present = new Map((await describeColumns(source)).map((c) => [c.name, c.type]));
  for (const n of names) {
    const type = present.get(n);
    if (!type)
      throw new MtrecError("BAD_DATA", `mtrec: ${source.path}: no column "${n}" (the file has: ${[...present.keys()].join(", ")})`);
    if (type === "string")
      throw new MtrecError("BAD_DATA", `mtrec: ${source.path}, column "${n}": holds text; the causal estimators need numbers`);
  }
  const parts: Record<string, Float64Array[]> = Object.fromEntries(names.map((n) => [n, []]));
  let rows = 0;
  for await (const chunk of readChunks(source, { columns: names })) {
    for (const n of names) {
      const col = chunk.columns[n] as Float64Array;
      for (let i = 0; i < chunk.rows; i++) {
        if (Number.isNaN(col[i] as number)) {
          throw new MtrecError(
            "BAD_DATA",
            `mtrec: ${source.path}, row ${chunk.offset + i + 1}, column "${n}": missing value; drop or impute the row first`,
          );
        }
      }
      parts[n]?.push(Float64Array.from(col));
    }
    rows += chunk.rows;
  }
  if (rows === 0) throw new MtrecError("BAD_DATA", `mtrec: ${source.path}: no rows`);
  return Object.fromEntries(
    names.map((n) => {
      const out = new Float64Array(rows);
      let at = 0;
      for (const p of parts[n] ?? []) {
        out.set(p, at);
        at += p.length;
      }
      return [n, out];
    }),
  );
}
