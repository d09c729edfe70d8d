import { closeSync, openSync, readSync } from "node:fs";

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const CHUNK = 1 << 20;

export interface RecordLayout {
  /** The quote character, or "" for none. */
  quote: string;
  /** The character that escapes a quote inside quotes ("" when it is the quote itself, doubled). */
  escape: string;
  /** Records before the first data row: the header, when there is one. */
  recordsBefore: number;
}

/**
 * The line of a delimited file on which data row `row` (0-based) starts, counting as DuckDB
 * reads records: a newline inside quotes continues the record, and an empty line is no record.
 * Row numbers and line numbers part after a blank line or a field that spans lines; an error
 * message must name the line a person finds in an editor. It reads the file up to that row,
 * so it is for error messages only.
 */
export function lineOfRow(path: string, layout: RecordLayout, row: number): number {
  const quote = layout.quote === "" ? -1 : layout.quote.charCodeAt(0);
  const escapeCode = layout.escape === "" || layout.escape === layout.quote ? -1 : layout.escape.charCodeAt(0);
  const target = row + layout.recordsBefore;
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(CHUNK);
    let line = 1;
    let records = 0;
    let inQuotes = false;
    let escaped = false;
    let lineIsEmpty = true;
    let recordStart = 1;
    let recordOpen = false;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const c = buffer[i] as number;
        if (c === NEWLINE) {
          if (!inQuotes) {
            if (recordOpen) {
              if (records === target) return recordStart;
              records++;
              recordOpen = false;
            }
            lineIsEmpty = true;
          }
          line++;
          continue;
        }
        if (c === RETURN && lineIsEmpty && !recordOpen) continue;
        if (!recordOpen) {
          recordOpen = true;
          recordStart = line;
        }
        lineIsEmpty = false;
        if (escaped) escaped = false;
        else if (inQuotes && c === escapeCode) escaped = true;
        else if (c === quote) inQuotes = !inQuotes;
      }
    }
    // the last record may end without a newline; past it, the row the caller counted
    if (recordOpen && records === target) return recordStart;
    return line + (target - records);
  } finally {
    closeSync(fd);
  }
}
