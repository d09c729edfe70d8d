import type { DuckDBVector } from "@duckdb/node-api";

/**
 * Decoding a DuckDB string into JavaScript costs about a microsecond (a TextDecoder call, and
 * a native call for strings over 12 bytes), while categorical columns repeat a few values
 * millions of times. So each text value arrives with DuckDB's 64-bit hash of it, as two
 * 32-bit halves, and a value whose hash was seen before is not decoded again. Two different
 * values of one column would have to share all 64 bits to be confused: about n²/2^65 for n
 * distinct values, 3·10⁻⁶ for ten million.
 */
export class TextCache {
  private readonly byLow = new Map<number, { high: number; text: string | null }>();

  text(high: number, low: number, vector: DuckDBVector, index: number): string | null {
    const known = this.byLow.get(low);
    if (known !== undefined && known.high === high) return known.text;
    const text = vector.getItem(index) as string | null;
    // an id column of mostly unique values would only fill memory; stop caching there
    if (known === undefined && this.byLow.size < MAX_CACHED) this.byLow.set(low, { high, text });
    return text;
  }
}

const MAX_CACHED = 1 << 20;

/** The SQL for a text value's cache key: DuckDB's hash, high and low halves as exact doubles. */
export function hashHalves(expression: string): string[] {
  return [`(hash(${expression}) >> 32)::DOUBLE`, `(hash(${expression}) & 4294967295)::DOUBLE`];
}
