const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;
/** Three 11-bit digits cover a 32-bit word, so a double's two words take six passes. */
const DIGITS_PER_WORD = 3;

// A double's high word (sign, exponent) sits second in memory on little-endian machines.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
const HIGH_WORD = 1 - LOW_WORD;

/**
 * Row indices that put `keys` in ascending order, ties kept in the order of `start`
 * (default 0, 1, 2, …): sorting by score and then by group gives rows grouped, scores
 * ascending within each group. An LSD radix sort on the keys' bits, because a comparator
 * sort of a million indices is several times slower. Keys must not be NaN; −0 ties with +0.
 */
export function ascendingOrder(keys: ArrayLike<number>, start?: Uint32Array): Uint32Array {
  const n = keys.length;
  let rows: Uint32Array = start ? Uint32Array.from(start) : identity(n);
  if (keys instanceof Float32Array || keys instanceof Int32Array) return ascendingOrder32(keys, rows);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = (keys[rows[i] as number] as number) + 0; // −0 has other bits than +0; adding 0 makes it +0
  const words = new Uint32Array(values.buffer);
  let low: Uint32Array = new Uint32Array(n);
  let high: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + HIGH_WORD] as number;
    const l = words[2 * i + LOW_WORD] as number;
    // IEEE bits compare as unsigned integers once negatives are flipped whole and positives get the sign bit.
    const negative = h >>> 31 === 1;
    high[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    low[i] = negative ? ~l >>> 0 : l;
  }

  // Keys travel with their rows so that every pass reads its input in order.
  let rowsOut: Uint32Array = new Uint32Array(n);
  let lowOut: Uint32Array = new Uint32Array(n);
  let highOut: Uint32Array = new Uint32Array(n);
  const next = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 2 * DIGITS_PER_WORD; pass++) {
    const sortingLow = pass < DIGITS_PER_WORD;
    const shift = (pass % DIGITS_PER_WORD) * DIGIT_BITS;
    if (!bucketStarts(sortingLow ? low : high, shift, next)) continue;
    for (let i = 0; i < n; i++) {
      const l = low[i] as number;
      const h = high[i] as number;
      const bucket = ((sortingLow ? l : h) >>> shift) & MASK;
      const to = next[bucket] as number;
      next[bucket] = to + 1;
      rowsOut[to] = rows[i] as number;
      lowOut[to] = l;
      highOut[to] = h;
    }
    [rows, rowsOut] = [rowsOut, rows];
    [low, lowOut] = [lowOut, low];
    [high, highOut] = [highOut, high];
  }
  return rows;
}

/**
 * The same order for keys that fit one 32-bit word (float32 scores, int32 group ids): half
 * the passes and a third less memory traffic than sorting them as doubles. A float32 maps to
 * an unsigned word as a double does; an int32 only needs its sign bit flipped.
 */
function ascendingOrder32(keys: Float32Array | Int32Array, start: Uint32Array): Uint32Array {
  const n = keys.length;
  let rows = start;
  let word: Uint32Array = new Uint32Array(n);
  if (keys instanceof Float32Array) {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = (keys[rows[i] as number] as number) + 0; // −0 becomes +0, as above
    const bits = new Uint32Array(values.buffer);
    for (let i = 0; i < n; i++) word[i] = orderedWord(bits[i] as number);
  } else {
    for (let i = 0; i < n; i++) word[i] = ((keys[rows[i] as number] as number) ^ 0x80000000) >>> 0;
  }
  let rowsOut: Uint32Array = new Uint32Array(n);
  let wordOut: Uint32Array = new Uint32Array(n);
  // Every digit's counts in one read of the words: a pass's order does not change its counts.
  const counts = new Uint32Array(DIGITS_PER_WORD * BUCKETS);
  for (let i = 0; i < n; i++) {
    const w = word[i] as number;
    counts[w & MASK] = (counts[w & MASK] as number) + 1;
    const middle = BUCKETS + ((w >>> DIGIT_BITS) & MASK);
    counts[middle] = (counts[middle] as number) + 1;
    const top = 2 * BUCKETS + ((w >>> (2 * DIGIT_BITS)) & MASK);
    counts[top] = (counts[top] as number) + 1;
  }
  for (let pass = 0; pass < DIGITS_PER_WORD; pass++) {
    const shift = pass * DIGIT_BITS;
    const next = counts.subarray(pass * BUCKETS, (pass + 1) * BUCKETS);
    if (!startsFromCounts(next, n)) continue;
    for (let i = 0; i < n; i++) {
      const w = word[i] as number;
      const bucket = (w >>> shift) & MASK;
      const to = next[bucket] as number;
      next[bucket] = to + 1;
      rowsOut[to] = rows[i] as number;
      wordOut[to] = w;
    }
    [rows, rowsOut] = [rowsOut, rows];
    [word, wordOut] = [wordOut, word];
  }
  return rows;
}

/**
 * A float32's bits as an unsigned word that compares as the float does: negatives flipped
 * whole, positives given the sign bit. −0 and +0 get two words; callers that must tie them
 * turn −0 into +0 first.
 */
export function orderedWord(bits: number): number {
  return bits >>> 31 === 1 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** Turns counts into where each bucket starts, in place; false when one bucket holds all n rows (the pass would change nothing). */
function startsFromCounts(next: Uint32Array, n: number): boolean {
  let offset = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const count = next[b] as number;
    if (count === n) return false;
    next[b] = offset;
    offset += count;
  }
  return true;
}

/**
 * Fills `next` with where each digit's bucket starts; false when one bucket holds every
 * row, as float32 data does for the low mantissa digits, so the pass can be skipped.
 */
function bucketStarts(word: Uint32Array, shift: number, next: Uint32Array): boolean {
  next.fill(0);
  for (let i = 0; i < word.length; i++) {
    const bucket = ((word[i] as number) >>> shift) & MASK;
    next[bucket] = (next[bucket] as number) + 1;
  }
  let offset = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const count = next[b] as number;
    if (count === word.length) return false;
    next[b] = offset;
    offset += count;
  }
  return true;
}

function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
