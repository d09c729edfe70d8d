import { MtrecError } from "../errors.js";
import type { RawColumn } from "./reader.js";
import type { ColumnInfo, OpenedSource } from "./source.js";

/**
 * Columns already in memory seen as an opened file, so the encoder's checks and messages apply
 * to them unchanged; `name` stands for the path in messages and rows are "row N" (1-based).
 */
export function memorySource(name: string, columns: Record<string, RawColumn>): OpenedSource {
  const entries = Object.entries(columns);
  const rows = entries[0]?.[1].length ?? 0;
  for (const [column, values] of entries) {
    if (values.length !== rows)
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${name}: column "${column}" has ${values.length} rows, "${entries[0]?.[0]}" has ${rows}`,
      );
  }
  const infos: ColumnInfo[] = entries.map(([column, values]) => ({
    name: column,
    type: values instanceof Float64Array ? "float" : "string",
  }));
  const notAFile = (): never => {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${name} is held in memory and cannot be read as a file`);
  };
  return { path: name, format: "csv", columns: infos, rows, where: (row) => `row ${row + 1}`, scan: notAFile, select: notAFile };
}
