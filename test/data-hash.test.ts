import assert from "node:assert/strict";
import { test } from "node:test";
import { fnv1a32 } from "../src/data/hash.js";
import { Rng } from "../src/nn/rng.js";

/** FNV-1a over the bytes TextEncoder gives: the definition, independent of the hand-written UTF-8 in hash.ts. */
function reference(text: string): number {
  return new TextEncoder().encode(text).reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
}

/** Code units from every UTF-8 length class, surrogate pairs and lone surrogates included. */
function randomText(rng: Rng): string {
  const ranges: [number, number][] = [
    [0x20, 0x7f],
    [0x80, 0x800],
    [0x800, 0xd800],
    [0xd800, 0xe000],
    [0xe000, 0x10000],
  ];
  const units: number[] = [];
  const length = rng.int(12);
  for (let i = 0; i < length; i++) {
    if (rng.uniform() < 0.15) {
      const cp = 0x10000 + rng.int(0x100000);
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      continue;
    }
    const [lo, hi] = ranges[rng.int(ranges.length)] as [number, number];
    units.push(lo + rng.int(hi - lo));
  }
  return String.fromCharCode(...units);
}

test("the hand-written FNV-1a hashes 20,000 random strings to the hash of their UTF-8 bytes (so a browser and Node bucket alike)", () => {
  const rng = new Rng(12);
  for (let i = 0; i < 20_000; i++) {
    const text = randomText(rng);
    assert.equal(fnv1a32(text), reference(text), JSON.stringify(text));
  }
});
