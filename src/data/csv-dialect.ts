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

/**
 * The number of fields in each record of `text` split by `delimiter`, with RFC 4180 quoting (a
 * field that starts with `"` runs to the next lone `"`, newlines included; `""` inside is one
 * quote). Blank lines hold no record. An unclosed quote ends the text, as it would a reader.
 */
export function fieldCounts(text: string, delimiter: string, maxRecords = Number.POSITIVE_INFINITY): number[] {
  const counts: number[] = [];
  let fields = 1;
  let empty = true;
  let atFieldStart = true;
  let i = 0;
  while (i < text.length && counts.length < maxRecords) {
    const c = text[i] as string;
    if (atFieldStart && c === '"') {
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return counts;
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
      if (!empty || fields > 1) counts.push(fields);
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
      atFieldStart = false;
    }
    i++;
  }
  if ((!empty || fields > 1) && counts.length < maxRecords) counts.push(fields);
  return counts;
}

/**
 * The delimiter that splits the most of the file's first records into as many fields as its
 * first record (at least two), preferring more fields, then the order of {@link CANDIDATES}; or
 * undefined for a one-column file. DuckDB's own sniffer wants every sampled line to agree, so a
 * single ragged line can make it read the file as one column; a majority does not.
 */
export function guessDelimiter(head: string): string | undefined {
  let best: { delimiter: string; agree: number; fields: number } | undefined;
  for (const delimiter of CANDIDATES) {
    const counts = fieldCounts(head, delimiter, HEAD_RECORDS);
    const fields = counts[0] ?? 0;
    if (fields < 2) continue;
    const agree = counts.filter((n) => n === fields).length;
    if (!best || agree > best.agree || (agree === best.agree && fields > best.fields)) best = { delimiter, agree, fields };
  }
  return best?.delimiter;
}
