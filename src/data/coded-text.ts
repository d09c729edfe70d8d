import type { ValueCounter } from "./vocabulary.js";

/** The distinct texts of a column, indexed by code (the file reader's `TextDictionary`). */
export interface TextDictionary {
  /** The text of each code; null for a missing value. */
  readonly texts: readonly (string | null)[];
  readonly size: number;
}

/** A text column as codes into the dictionary of its distinct values: how the reader hands text to the fit and the encoder. */
export interface CodedText {
  readonly codes: Int32Array;
  readonly dictionary: TextDictionary;
}

export function isCoded(column: object): column is CodedText {
  return "codes" in column && "dictionary" in column;
}

/**
 * A number computed from a text once per distinct value (an embedding row, a parsed number, a
 * label), then read per row by its code. A computation that throws is not remembered, so the
 * first row holding the bad value is the one its error names, as a row-by-row reading finds it.
 */
export class PerCode {
  private dictionary: TextDictionary | undefined;
  private values = new Float64Array(0);
  private known = new Uint8Array(0);

  /** Per row of `column` (the first `rows`), `compute(text, i)` for row i, as numbers. */
  rows(column: CodedText, rows: number, compute: (text: string | null, i: number) => number): Float64Array {
    this.follow(column.dictionary);
    const { values, known } = this;
    const { codes } = column;
    const texts = column.dictionary.texts;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const code = codes[i] as number;
      if (known[code] === 0) {
        values[code] = compute(texts[code] as string | null, i);
        known[code] = 1;
      }
      out[i] = values[code] as number;
    }
    return out;
  }

  /** A new dictionary (the reader starts one when a column's distinct values pass its bound) forgets the old codes. */
  private follow(dictionary: TextDictionary): void {
    if (dictionary !== this.dictionary) {
      this.dictionary = dictionary;
      this.values = new Float64Array(dictionary.size);
      this.known = new Uint8Array(dictionary.size);
    } else if (dictionary.size > this.values.length) {
      const size = Math.max(dictionary.size, 2 * this.values.length);
      const values = new Float64Array(size);
      const known = new Uint8Array(size);
      values.set(this.values);
      known.set(this.known);
      this.values = values;
      this.known = known;
    }
  }
}

/** Counts a coded column's texts by code, and hands them to a {@link ValueCounter} by text (missing as ""). */
export class CodeCounts {
  private dictionary: TextDictionary | undefined;
  private counts = new Float64Array(0);

  constructor(private readonly counter: ValueCounter) {}

  /** Counts rows `rows` of `column` (all of its first `n` when `rows` is undefined). */
  add(column: CodedText, n: number, rows?: readonly number[]): void {
    if (column.dictionary !== this.dictionary) {
      this.flush();
      this.dictionary = column.dictionary;
    }
    if (this.counts.length < column.dictionary.size) {
      const counts = new Float64Array(Math.max(column.dictionary.size, 2 * this.counts.length));
      counts.set(this.counts);
      this.counts = counts;
    }
    const { codes } = column;
    const counts = this.counts;
    if (rows) for (const i of rows) counts[codes[i] as number] = (counts[codes[i] as number] as number) + 1;
    else for (let i = 0; i < n; i++) counts[codes[i] as number] = (counts[codes[i] as number] as number) + 1;
  }

  /** Passes what was counted on to the counter; call before reading it. */
  flush(): void {
    const texts = this.dictionary?.texts ?? [];
    this.counts.forEach((n, code) => {
      if (n > 0) this.counter.addCount(texts[code] ?? "", n);
    });
    this.counts.fill(0);
  }
}
