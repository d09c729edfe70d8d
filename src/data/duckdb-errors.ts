import { MtrecError } from "../errors.js";

/**
 * Turns a DuckDB error while reading `file` into the house format (a BAD_DATA MtrecError). DuckDB's own messages
 * name the line and often the column and value; those are kept, the advice aimed at SQL
 * users (sample_size, ignore_errors, ...) is dropped. `firstLine` says what a CSV line's field
 * count is held to ("the header", "line 1").
 */
export function readError(file: string, err: unknown, firstLine = "the first line"): unknown {
  // anything but DuckDB's own errors (ours, or a bug's TypeError) passes through unchanged
  if (!(err instanceof Error) || err.constructor !== Error || !/^[A-Z][A-Za-z ]*Error: /.test(err.message)) return err;
  const message = err.message;
  const line = /(?:CSV Error on Line: |in line )(\d+)/.exec(message)?.[1];
  const where = line === undefined ? file : `${file}, line ${Number(line).toLocaleString("en-US")}`;
  const conversion = /converting column "((?:[^"]|"")*)"\. Could not convert string "(.*)" to '(\w+)'/.exec(message);
  if (conversion) {
    const [, column, value, type] = conversion;
    return new MtrecError(
      "BAD_DATA",
      `mtrec: ${where}, column "${column}": expected a ${type === "BOOLEAN" ? "true/false value" : "number"}, got "${value}" ` +
        `(the column's type was guessed from the rows before it). Fix the value, or leave the cell empty to mark it missing.`,
      { cause: err },
    );
  }
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (columns) {
    return new MtrecError(
      "BAD_DATA",
      `mtrec: ${where}: ${columns[2]} fields where ${firstLine} has ${columns[1]}. Check the delimiter and quoting of that line.`,
      { cause: err },
    );
  }
  if (message.includes("Value with unterminated quote found")) {
    return new MtrecError(
      "BAD_DATA",
      `mtrec: ${where}: an unterminated quote: a field opened with " on this line is never closed. ` +
        `Close it, or double each " that is part of a value ("").`,
      { cause: err },
    );
  }
  if (message.includes("not possible to automatically detect the CSV parsing dialect")) {
    return new MtrecError(
      "BAD_DATA",
      `mtrec: ${file}: cannot be read as CSV: no delimiter and quoting make every line of its first rows split into the same number of fields. ` +
        `Check for a line with a field too many or too few, or give "delimiter" and "header".`,
      { cause: err },
    );
  }
  return new MtrecError("BAD_DATA", `mtrec: ${where}: cannot be read: ${firstSentence(message)}`, { cause: err });
}

function firstSentence(message: string): string {
  const first = message.split("\n").find((l) => l.trim() !== "") ?? message;
  return first.replace(/^[A-Z][A-Za-z ]*Error: /, "").trim();
}
