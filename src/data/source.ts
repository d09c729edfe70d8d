import { stat } from "node:fs/promises";
import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { MtrecError } from "../errors.js";
import { fieldCounts, firstRecord, guessDelimiter, leadingBlankLines, readHead } from "./csv-dialect.js";
import { sqlName, sqlString } from "./duckdb.js";
import { readError } from "./duckdb-errors.js";
import { malformedJsonLine } from "./json-lines.js";
import { lineOfRow, type RecordLayout } from "./line-of-row.js";
import type { DataSource, FileFormat } from "./types.js";

export type ColumnType = "string" | "integer" | "float" | "boolean";

export interface ColumnInfo {
  name: string;
  type: ColumnType;
}

/**
 * A data file after its layout is known: format, header, delimiter, column names and types,
 * and the number of data rows. Everything that reads rows starts from one of these.
 */
export interface OpenedSource {
  /** The path as the user gave it, for messages. */
  readonly path: string;
  readonly format: FileFormat;
  readonly columns: ColumnInfo[];
  readonly rows: number;
  /**
   * Where the 0-based data row `row` is, as a user finds it: "line N" in text files (CSV,
   * TSV, JSON lines: the line number an editor shows, header and skipped lines included),
   * "row N" (1-based) in Parquet. Text files are taken as one record per line: a quoted
   * field spanning lines, or a blank line (DuckDB skips those), shifts the lines after it.
   */
  where(row: number): string;
  /** The table function that reads the file, with `text` columns read as text. */
  scan(text?: ReadonlySet<string>): string;
  /** The SQL expression for `column`: trimmed text (empty is missing), or a DOUBLE. */
  select(column: ColumnInfo, asText: boolean): string;
}

/** The format a path's extension implies; anything unknown (".data", ".log") is read as CSV. */
export function formatOf(source: DataSource): FileFormat {
  if (source.format) return source.format;
  const ext = extname(source.path).toLowerCase();
  if (ext === ".tsv" || ext === ".txt") return "tsv";
  if (ext === ".parquet") return "parquet";
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  return "csv";
}

export async function openSource(source: DataSource, connection: DuckDBConnection): Promise<OpenedSource> {
  const path = source.path;
  await checkFile(path);
  const format = formatOf(source);
  if (source.columns && format !== "csv" && format !== "tsv") {
    throw new MtrecError(
      "BAD_CONFIG",
      `mtrec: ${path}: "columns" names the fields of a header-less CSV/TSV file, but this file is ${format}, which names its own columns`,
    );
  }
  let layout: Layout | undefined;
  try {
    const known = format === "csv" || format === "tsv" ? await sniffCsv(source, format, connection) : plainLayout(source, format);
    layout = known;
    const { columns, json } = known.columns ? { columns: known.columns, json: new Set<string>() } : await describe(known, connection);
    const counted = await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${known.scan()}`);
    const rows = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
    const text = format === "csv" || format === "tsv";
    return {
      path,
      format,
      columns,
      rows,
      where: (row) => {
        if (format === "parquet") return `row ${count(row + 1)}`;
        const line = known.records ? lineOfRow(path, known.records, row) : undefined;
        return `line ${count(line ?? row + 1 + known.linesBefore)}`;
      },
      scan: known.scan,
      select: (column, asText) => {
        const name = sqlName(column.name);
        if (!asText && column.type !== "string") return `CAST(${name} AS DOUBLE)`;
        // a JSON-lines field holding numbers in some rows and text in others: its value as text, unquoted
        if (json.has(column.name)) return `(${name} ->> '$')`;
        // CSV fields keep the spaces around them ("39, State-gov"); nobody means them as part of a category
        return text ? `nullif(trim(${name}), '')` : `CAST(${name} AS VARCHAR)`;
      },
    };
  } catch (err) {
    if (format === "jsonl") throw (await malformedJsonLine(path)) ?? readError(path, err);
    throw readError(path, err, layout?.firstLine);
  }
}

/** Thousands separated, as people read row counts. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

interface Layout {
  scan(text?: ReadonlySet<string>): string;
  /** Lines in the file before the first data row: skipped lines and the header. */
  linesBefore: number;
  /** Known without asking DuckDB again (CSV: from the sniffer). */
  columns?: ColumnInfo[];
  /** What a line's field count is held to, in messages: "the header" or "line 1". */
  firstLine?: string;
  /** How records run over lines (CSV, TSV): a data row's line is found from them. */
  records?: RecordLayout;
}

async function checkFile(path: string): Promise<void> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new MtrecError("BAD_DATA", `mtrec: ${path}: is a directory; give the path of a data file`);
    size = s.size;
  } catch (err) {
    if (err instanceof MtrecError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : `cannot be read (${(err as Error).message})`;
    throw new MtrecError("BAD_DATA", `mtrec: ${path}: ${reason}`, { cause: err });
  }
  if (size === 0) throw new MtrecError("BAD_DATA", `mtrec: ${path}: the file is empty`);
}

async function sniffCsv(source: DataSource, format: "csv" | "tsv", connection: DuckDBConnection): Promise<Layout> {
  const header = source.header ?? (source.columns ? false : undefined);
  const head = await readHead(source.path);
  const blank = leadingBlankLines(head);
  const delimiter = source.delimiter ?? (format === "tsv" ? "\t" : guessDelimiter(head));
  // a one-column file has no delimiter outside quotes, so "," splits nothing and checks the quotes
  await checkFieldCounts(source, head, delimiter ?? ",", header, connection);
  const given = [
    header === undefined ? "" : `header=${header}`,
    delimiter === undefined ? "" : `delim=${sqlString(delimiter)}`,
    // a ragged last line must not pass for a first one after skipped "junk"; blank lines before the header are skipped
    `skip=${blank}`,
  ].filter(Boolean);
  const sniffed = await connection.runAndReadAll(`SELECT * FROM sniff_csv(${[sqlString(source.path), ...given].join(", ")})`);
  const found = sniffed.getRowObjectsJson()[0] ?? {};
  const hasHeader = header ?? found.HasHeader === true;
  const delim = delimiter ?? String(found.Delimiter);
  const guessed = (found.Columns as { name: string; type: string }[] | undefined) ?? [];
  const names = source.columns;
  if (names && names.length !== guessed.length) {
    throw new MtrecError(
      "BAD_DATA",
      `mtrec: ${source.path}: "columns" names ${names.length} columns but the file has ${guessed.length} fields per line ` +
        `(delimiter ${JSON.stringify(delim)}). Give one name per field, in order.`,
    );
  }
  if (hasHeader && !names) refuseRepeatedNames(source.path, firstRecord(head, delim));
  if (!hasHeader && names && blank === 0) refuseHeaderAsData(source.path, firstRecord(head, delim), names);
  // Dates and the like are categories to mtrec: reading them as text needs no date format.
  const columns = guessed.map((c, i) => ({ name: names?.[i] ?? c.name, type: columnType(c.type) }));
  const duckType = { integer: "BIGINT", float: "DOUBLE", boolean: "BOOLEAN", string: "VARCHAR" } as const;
  // A sample without quotes leaves the quote unset, and a '"c2' further down would then be read as
  // a value; with the quote set it is the unterminated quote it is.
  const quote = sniffedText(found.Quote) || '"';
  const escapeChar = sniffedText(found.Escape) || (quote === '"' ? '"' : "");
  // The sniffed layout is spelled out so that no later read sniffs again (tens of milliseconds each).
  const fixed = [
    sqlString(source.path),
    "auto_detect=false",
    `header=${hasHeader}`,
    `delim=${sqlString(delim)}`,
    `quote=${sqlString(quote)}`,
    `escape=${sqlString(escapeChar)}`,
    `comment=${sqlString(sniffedText(found.Comment))}`,
    `new_line=${sqlString(sniffedText(found.NewLineDelimiter))}`,
    `skip=${blank}`,
  ].join(", ");
  return {
    columns,
    linesBefore: blank + (hasHeader ? 1 : 0),
    firstLine: hasHeader ? "the header" : "line 1",
    records: { delimiter: delim, recordsBefore: hasHeader ? 1 : 0 },
    scan: (text = new Set()) => {
      // a column read as VARCHAR has no value that can fail a guessed numeric type
      const types = columns.map((c) => `${sqlString(c.name)}: '${text.has(c.name) ? "VARCHAR" : duckType[c.type]}'`);
      return `read_csv(${fixed}, columns={${types.join(", ")}})`;
    },
  };
}

/**
 * Every record of the file's first rows must have as many fields as its first line, and every
 * quote must close: DuckDB's sniffer, given a ragged sample, settles for a dialect that reads
 * the file wrongly (one column, or skipped lines) instead of failing. Rows past the sample are
 * held to the same count by the strict read that counts the rows.
 */
async function checkFieldCounts(
  source: DataSource,
  head: string,
  delimiter: string,
  header: boolean | undefined,
  connection: DuckDBConnection,
): Promise<void> {
  const records = fieldCounts(head, delimiter);
  // no complete first record: a quote opened on line 1 never closes, which the read below names
  const fields = records[0]?.fields ?? 1;
  // DuckDB lets a line end in one delimiter too many (an empty last field); that is still a ragged line
  const ragged = records.find((r) => r.fields !== fields);
  if (ragged)
    throw new MtrecError(
      "BAD_DATA",
      `mtrec: ${source.path}, line ${count(ragged.line)}: ${ragged.fields} fields where ${header === true ? "the header" : "line 1"} has ${fields}. Check the delimiter and quoting of that line.`,
    );
  const columns = Array.from({ length: fields }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  const scan = `read_csv(${sqlString(source.path)}, auto_detect=false, header=false, delim=${sqlString(delimiter)}, quote='"', escape='"', columns={${columns}})`;
  try {
    await connection.run(`SELECT count(*) FROM (SELECT 1 FROM ${scan} LIMIT ${CHECKED_ROWS})`);
  } catch (err) {
    throw readError(source.path, err, header === true ? "the header" : "line 1");
  }
}

/**
 * A file read without a header whose first line holds exactly the column names it is read with
 * has a header after all (typically: a model trained on a header-less file, whose read options
 * carry over, scoring a file that has one); read as data, it would be one row too many.
 */
function refuseHeaderAsData(path: string, first: string[], names: readonly string[]): void {
  if (first.length !== names.length || !first.every((field, i) => field.trim() === names[i])) return;
  throw new MtrecError(
    "BAD_DATA",
    `mtrec: ${path}, line 1: holds the column names (${names.join(", ")}), so it is a header, but the file is read without one ` +
      `(the names come from "columns" / --columns, or from a model trained on a header-less file); give --header to read line 1 as the header`,
  );
}

/** DuckDB would rename the second "price" to "price_1": a schema could then read the wrong one. */
function refuseRepeatedNames(path: string, header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    const first = seen.get(name);
    if (first !== undefined && name !== "")
      throw new MtrecError(
        "BAD_DATA",
        `mtrec: ${path}, line 1: the header names column "${name}" twice (fields ${first + 1} and ${i + 1}); give each column its own name, or give "columns"`,
      );
    seen.set(name, i);
  });
}

/** As many rows as DuckDB's sniffer samples by default. */
const CHECKED_ROWS = 20_480;

function sniffedText(value: unknown): string {
  return value === "(empty)" || value === null || value === undefined ? "" : String(value);
}

function plainLayout(source: DataSource, format: "parquet" | "jsonl"): Layout {
  const path = sqlString(source.path);
  const scan = format === "parquet" ? `read_parquet(${path})` : `read_json(${path}, format='newline_delimited')`;
  return { linesBefore: 0, scan: () => scan };
}

async function describe(layout: Layout, connection: DuckDBConnection): Promise<{ columns: ColumnInfo[]; json: Set<string> }> {
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${layout.scan()}`)).getRowObjectsJson();
  return {
    columns: described.map((r) => ({ name: String(r.column_name), type: columnType(String(r.column_type)) })),
    json: new Set(described.filter((r) => r.column_type === "JSON").map((r) => String(r.column_name))),
  };
}

function columnType(duckType: string): ColumnType {
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(duckType)) return "integer";
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(duckType)) return "float";
  if (duckType === "BOOLEAN") return "boolean";
  return "string";
}
