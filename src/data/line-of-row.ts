import { closeSync, openSync, readSync } from "node:fs";
import { fieldCounts } from "./csv-dialect.js";

/** The first read; each further one doubles, up to the last. */
const FIRST_BYTES = 1 << 20;
const MAX_BYTES = 256 << 20;

export interface RecordLayout {
  delimiter: string;
  /** Records before the first data row: the header, when there is one. */
  recordsBefore: number;
}

/**
 * The line of a delimited file on which data row `row` (0-based) starts: row numbers and line
 * numbers part after a blank line or a quoted field that spans lines, and an error message must
 * name the line a person finds in an editor. Records are told apart by {@link fieldCounts}, the
 * same rules the ragged-line check names its lines by. It reads the file from the start up to
 * that row (at most 256 MB; past that, undefined), so it is for error messages only.
 */
export function lineOfRow(path: string, layout: RecordLayout, row: number): number | undefined {
  const target = row + layout.recordsBefore;
  const fd = openSync(path, "r");
  try {
    for (let bytes = FIRST_BYTES; ; bytes = Math.min(2 * bytes, MAX_BYTES)) {
      const buffer = Buffer.alloc(bytes);
      const read = readSync(fd, buffer, 0, bytes, 0);
      const whole = read < bytes;
      const text = buffer.subarray(0, read).toString("utf8");
      // a record cut at the buffer's end would be counted as a short one
      const records = fieldCounts(whole ? text : text.slice(0, text.lastIndexOf("\n") + 1), layout.delimiter, target + 1);
      if (records.length > target) return records[target]?.line;
      if (whole || bytes === MAX_BYTES) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}
