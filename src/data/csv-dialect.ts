import { open } from "node:fs/promises";

/** Delimiters tried when none is given, in order of preference on a tie. */
const CANDIDATES = [",", "\t", ";", "|"] as const;

/** Bytes and records of the file's start that choose the delimiter. */
const HEAD_BYTES = 64 * 1024;
const HEAD_RECORDS = 1000;

/** The first bytes of a file as text, cut after its last complete line (unless the file ends there). */
export async function readHead(path: string): Promise<string> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    if (bytesRead < HEAD_BYTES) return text;
    const end = text.lastIndexOf("\n");
    return end < 0 ? text : text.slice(0, end + 1);
  } finally {
    await file.close();
  }
}

/** A record of the text: its field count and the 1-based line it starts on. */
export interface RecordShape {
  fields: number;
  line: number;
}

/**
 * The number of fields in each record of `text` split by `delimiter`, with RFC 4180 quoting (a
 * field that starts with `"` runs to the next lone `"`, newlines included; `""` inside is one
 * quote). Blank lines hold no record. An unclosed quote ends the text, as it would a reader.
 */
export function fieldCounts(text: string, delimiter: string, maxRecords = Number.POSITIVE_INFINITY): RecordShape[] {
  const records: RecordShape[] = [];
  let fields = 1;
  let empty = true;
  let atFieldStart = true;
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < text.length && records.length < maxRecords) {
    const c = text[i] as string;
    if (atFieldStart && c === '"') {
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return records;
        for (let k = i; k < close; k++) if (text[k] === "\n" || (text[k] === "\r" && text[k + 1] !== "\n")) line++;
        if (text[close + 1] === '"') i = close + 2;
        else {
          i = close + 1;
          break;
        }
      }
      empty = false;
      atFieldStart = false;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (!empty || fields > 1) records.push({ fields, line: start });
      if (c === "\r" && text[i + 1] === "\n") i++;
      line++;
      start = line;
      fields = 1;
      empty = true;
      atFieldStart = true;
    } else if (text.startsWith(delimiter, i)) {
      fields++;
      atFieldStart = true;
      i += delimiter.length;
      continue;
    } else {
      empty = false;
      atFieldStart = c === " " && atFieldStart;
    }
    i++;
  }
  if ((!empty || fields > 1) && records.length < maxRecords) records.push({ fields, line: start });
  return records;
}

/** Empty lines before the first line with anything on it. */
export function leadingBlankLines(text: string): number {
  const match = /^[\r\n]*/.exec(text)?.[0] ?? "";
  return match.replaceAll("\r\n", "\n").length;
}

/** The fields of the first record of `text` (quotes removed), for naming the header's columns. */
export function firstRecord(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' && field === "") {
      const close = text.indexOf('"', i + 1);
      if (close < 0) break;
      field += text.slice(i + 1, close);
      i = close + 1;
      if (text[i] === '"') field += '"';
      continue;
    }
    if (c === "\n" || c === "\r") break;
    if (text.startsWith(delimiter, i)) {
      fields.push(field);
      field = "";
      i += delimiter.length;
      continue;
    }
    field += c;
    i++;
  }
  fields.push(field);
  return fields;
}

/**
 * The delimiter whose most common field count (two or more) the most of the file's first
 * records share, preferring more fields, then the order of {@link CANDIDATES}; or undefined
 * when no candidate splits any record (a one-column file). DuckDB's own sniffer wants every
 * sampled line to agree, so a single ragged line can make it read the file as one column; a
 * majority does not, and the ragged line is then reported.
 */
export function guessDelimiter(head: string): string | undefined {
  let best: { delimiter: string; agree: number; fields: number } | undefined;
  for (const delimiter of CANDIDATES) {
    const tally = new Map<number, number>();
    for (const { fields: n } of fieldCounts(head, delimiter, HEAD_RECORDS)) if (n >= 2) tally.set(n, (tally.get(n) ?? 0) + 1);
    for (const [fields, agree] of tally) {
      if (!best || agree > best.agree || (agree === best.agree && fields > best.fields)) best = { delimiter, agree, fields };
    }
  }
  return best?.delimiter;
}
