/**
 * An independent reading of CSV text, to judge the reader against: RFC 4180 records (a field
 * starting with `"` runs to the next lone `"`, `""` inside is one quote), `\n`, `\r\n` or a lone
 * `\r` ending a record, blank lines holding none, spaces around a quoted field ignored. `regular` is false where the text leaves the
 * standard: an unclosed quote (no reading can be right), or text after a closing quote
 * (`"a" b`, which DuckDB reads leniently).
 */
export interface ReferenceCsv {
  records: string[][];
  unclosed: boolean;
  textAfterQuote: boolean;
}

export function referenceCsv(text: string, delimiter: string): ReferenceCsv {
  const records: string[][] = [];
  let textAfterQuote = false;
  let fields: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  const endField = () => {
    fields.push(field);
    field = "";
    quoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === "" && !quoted;
    endField();
    if (!blank) records.push(fields);
    fields = [];
  };
  while (i < text.length) {
    const c = text[i] as string;
    // spaces around a quoted field are padding, as DuckDB reads them
    if (c === '"' && /^ *$/.test(field) && !quoted) {
      field = "";
      quoted = true;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return { records, unclosed: true, textAfterQuote };
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      while (text[i] === " " && delimiter !== " ") i++;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") textAfterQuote = true;
      continue;
    }
    if (c === delimiter) endField();
    else if (c === "\n") endRecord();
    else if (c === "\r") {
      if (text[i + 1] === "\n") i++;
      endRecord();
    } else field += c;
    i++;
  }
  if (field !== "" || fields.length > 0 || quoted) endRecord();
  return { records, unclosed: false, textAfterQuote };
}

/** A field as CSV text: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
export function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}
