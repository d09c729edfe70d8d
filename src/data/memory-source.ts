import { MtrecError } from "../errors.js";
import type { ColumnSource, RawColumn } from "./raw-column.js";

/**
 * Columns already in memory seen as a source of columns, so the encoder's checks and messages
 * apply to them unchanged; `name` stands for the path in messages and rows are "row N" (1-based).
 */
export function memorySource(name: string, columns: Record<string, RawColumn>): ColumnSource & { rows: number } {
  const entries = Object.entries(columns);
  const rows = entries[0]?.[1].length ?? 0;
  for (const [column, values] of entries) {
    if (values.length !== rows)
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${name}: column "${column}" has ${values.length} rows, "${entries[0]?.[0]}" has ${rows}`,
      );
  }
  return { path: name, columns: entries.map(([column]) => ({ name: column })), rows, where: (row) => `row ${row + 1}` };
}
