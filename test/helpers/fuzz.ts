import assert from "node:assert/strict";
import { type ErrorCode, MtrecError } from "../../src/errors.js";

/**
 * Fuzz runs are bounded by a count, never by a clock, and seeded, so a failure reproduces on any
 * machine; fast-check prints the seed and path of the shrunk counterexample.
 */
export const FUZZ = { seed: 11, numRuns: 300 } as const;

/**
 * Runs `f` on fuzzed input: it may succeed (its value is returned) or throw an MtrecError of `code`
 * whose message starts with `prefix`; anything else (a TypeError, a RangeError, a bare Error) fails.
 */
export function namedOrValue<T>(f: () => T, code: ErrorCode, prefix: string): { value: T } | { error: MtrecError } {
  try {
    return { value: f() };
  } catch (e) {
    assert.ok(e instanceof MtrecError, `not an MtrecError: ${(e as Error)?.stack ?? String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.startsWith(prefix), `the message does not start with "${prefix}": ${e.message}`);
    return { error: e };
  }
}
