/** Counts a categorical column's values over the training data. */
export class ValueCounter {
  private readonly counts = new Map<string, number>();

  add(value: string): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  /** `n` occurrences of `value` at once (counted by code elsewhere). */
  addCount(value: string, n: number): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + n);
  }

  /**
   * The values seen at least `minCount` times, most frequent first and ties by value (code
   * unit order), so the same data always gives the same ids. Id = index + 1; 0 is shared by
   * every value left out.
   */
  vocabulary(minCount: number): string[] {
    const kept = [...this.counts].filter(([, n]) => n >= minCount);
    kept.sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0));
    return kept.map(([value]) => value);
  }

  /** The most frequent values with their counts, for messages. */
  top(k: number): [string, number][] {
    return [...this.counts].sort(([, a], [, b]) => b - a).slice(0, k);
  }
}

const indexes = new WeakMap<string[], Map<string, number>>();

/**
 * Value → embedding row: the index in the vocabulary + 1, or 0 when the value is not in it.
 * Built once per vocabulary and kept while the vocabulary lives: a service encodes every request
 * with the same vocabularies, and building the map (tens of thousands of entries) would
 * otherwise cost more than encoding a thousand candidates. Callers only read it.
 */
export function vocabularyIndex(vocabulary: string[]): Map<string, number> {
  let index = indexes.get(vocabulary);
  if (!index) {
    index = new Map(vocabulary.map((value, i) => [value, i + 1]));
    indexes.set(vocabulary, index);
  }
  return index;
}

const numberIndexes = new WeakMap<string[], NumberIds>();

/**
 * A vocabulary's ids looked up by number: the id of the value that is the number's shortest
 * text (`String(n)`: "3", "0.5"; never "3.0" or "NaN"), so a column of numbers (a request's
 * ids, a simulator's) encodes with no text made per cell. Small non-negative integers, what
 * categorical ids mostly are, sit in a flat table: a thousand lookups in a map of ten thousand
 * entries miss the cache on most of them (~1 ms per 8,000 in the service, against ~0.1 ms here).
 */
export class NumberIds {
  constructor(
    /** Id by value for the integers 0 .. length − 1; 0 where no value is that integer's text. */
    private readonly small: Int32Array,
    private readonly other: Map<number, number>,
  ) {}

  /** The id of `n` (not NaN: a missing value is the empty text's), 0 when no value is its text. */
  id(n: number): number {
    return n >= 0 && n < this.small.length && Number.isInteger(n) ? (this.small[n] as number) : (this.other.get(n) ?? 0);
  }
}

/** Integers up to this many times the vocabulary's size (at least this floor) go in the flat table. */
const TABLE_PER_VALUE = 4;
const TABLE_FLOOR = 1024;

/**
 * For any number n other than NaN, `numberIndex(v).id(n)` is `vocabularyIndex(v).get(String(n)) ?? 0`.
 * Built once per vocabulary and kept, like {@link vocabularyIndex}.
 */
export function numberIndex(vocabulary: string[]): NumberIds {
  let index = numberIndexes.get(vocabulary);
  if (!index) {
    const limit = Math.max(TABLE_FLOOR, TABLE_PER_VALUE * vocabulary.length);
    const small: [number, number][] = [];
    const other = new Map<number, number>();
    for (let i = 0; i < vocabulary.length; i++) {
      const value = vocabulary[i] as string;
      const n = Number(value);
      // NaN marks a missing value in a column of numbers (the empty category), never the text "NaN"
      if (Number.isNaN(n) || String(n) !== value) continue;
      if (Number.isInteger(n) && n >= 0 && n < limit) small.push([n, i + 1]);
      else other.set(n, i + 1);
    }
    const table = new Int32Array(small.reduce((size, [n]) => Math.max(size, n + 1), 0));
    for (const [n, id] of small) table[n] = id;
    index = new NumberIds(table, other);
    numberIndexes.set(vocabulary, index);
  }
  return index;
}
