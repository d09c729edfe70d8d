import type { DuckDBVector } from "@duckdb/node-api";
import type { TextDictionary as CodeTexts } from "./coded-text.js";

/** Which 32-bit half of a little- or big-endian 64-bit word is the low one. */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * The distinct texts of a streamed column, each given a small integer code in order of first
 * appearance. Decoding a DuckDB string into JavaScript costs about a microsecond, while
 * categorical columns repeat a few values millions of times; so each value arrives with
 * DuckDB's 64-bit hash of it, a value whose hash was seen before is not decoded again, and
 * what follows (vocabulary counts, ids, labels) is computed once per code, not once per row.
 * Two different values of one column would have to share all 64 bits to be confused: about
 * n²/2^65 for n distinct values, 3·10⁻⁶ for ten million.
 */
export class TextDictionary implements CodeTexts {
  /** The text of each code; null for a missing value. */
  readonly texts: (string | null)[] = [];
  private lows = new Int32Array(1024);
  private highs = new Int32Array(1024);
  /** Open addressing on the hash's low half: code + 1 per slot, 0 when empty. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.texts.length;
  }

  /**
   * Writes the codes of `rows` values, from row `from` of `values` and of `hashes` (DuckDB's
   * UBIGINT hashes viewed as pairs of 32-bit halves), into `into` from `at` on.
   */
  encode(hashes: Int32Array, values: DuckDBVector, from: number, rows: number, into: Int32Array, at: number): void {
    for (let k = 0; k < rows; k++) {
      const low = hashes[2 * (from + k) + LOW] as number;
      const high = hashes[2 * (from + k) + 1 - LOW] as number;
      const mask = this.slots.length - 1;
      let slot = low & mask;
      let code = -1;
      for (;;) {
        const held = this.slots[slot] as number;
        if (held === 0) break;
        if (this.lows[held - 1] === low && this.highs[held - 1] === high) {
          code = held - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (code < 0) {
        code = this.texts.length;
        this.texts.push(values.getItem(from + k) as string | null);
        this.remember(code, low, high, slot);
      }
      into[at + k] = code;
    }
  }

  private remember(code: number, low: number, high: number, slot: number): void {
    if (code === this.lows.length) {
      this.lows = grown(this.lows);
      this.highs = grown(this.highs);
    }
    this.lows[code] = low;
    this.highs[code] = high;
    this.slots[slot] = code + 1;
    // kept under half full, so probes stay short
    if (2 * (code + 1) > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let code = 0; code < this.texts.length; code++) {
      let slot = (this.lows[code] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(2 * a.length);
  b.set(a);
  return b;
}
