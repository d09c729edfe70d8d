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
