import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeColumns } from "../src/data/encode.js";
import type { FittedSchema } from "../src/data/types.js";
import { numberIndex, vocabularyIndex } from "../src/data/vocabulary.js";
import { Rng } from "../src/nn/rng.js";

// texts some number prints as, and texts none does ("3.0", "-0", "NaN", "007", " 4")
const VOCABULARY = ["3", "3.0", "0.5", "-0", "0", "NaN", "1e+21", "", "abc", "007", "-2", "Infinity", " 4", "12.25"];

/** Numbers of every kind the index treats apart: small integers (its table), large ones, negatives, fractions, -0. */
function numbers(seed: number): number[] {
  const rng = new Rng(seed);
  const out = [3, 0.5, -0, 0, 1e21, 7, -2, 4, 12.25, 3.0000001, 2 ** 53, Number.POSITIVE_INFINITY, 5000, 5001, 1023, 1024, 1025];
  for (let i = 0; i < 300; i++) out.push(rng.int(20) - 5, Math.round(rng.normal() * 100) / 4, rng.int(8000));
  return out;
}

test("numberIndex gives every number the id vocabularyIndex gives its shortest text, String(n), and 0 where none", () => {
  const byText = vocabularyIndex(VOCABULARY);
  const byNumber = numberIndex(VOCABULARY);
  for (const n of numbers(5)) assert.equal(byNumber.id(n), byText.get(String(n)) ?? 0, `the number ${n}`);
  for (const text of ["3", "0.5", "0", "1e+21", "-2", "12.25", "Infinity"])
    assert.equal(byNumber.id(Number(text)), VOCABULARY.indexOf(text) + 1, `the text ${text}`);
  for (const text of ["3.0", "-0", "007", " 4"])
    assert.notEqual(byNumber.id(Number(text)), VOCABULARY.indexOf(text) + 1, `the text ${text}`);
});

test("numberIndex agrees with the texts' ids for a vocabulary of thousands of integer ids and decimals", () => {
  const rng = new Rng(6);
  const vocabulary = [...new Set(Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? String(rng.int(100) / 8) : String(rng.int(6000)))))];
  const byText = vocabularyIndex(vocabulary);
  const byNumber = numberIndex(vocabulary);
  for (const n of numbers(7)) assert.equal(byNumber.id(n), byText.get(String(n)) ?? 0, `the number ${n}`);
});

function fitted(vocabulary: string[]): FittedSchema {
  return {
    sparse: [{ name: "shop", encoding: "vocab" }],
    dense: [],
    labels: [],
    vocabularies: [vocabulary],
    cardinalities: [vocabulary.length + 1],
    denseStats: [],
    rows: 10,
  };
}

test("a category given as a column of numbers encodes to the ids of their texts, NaN to the empty category's", () => {
  const values = [3, 0.5, -0, 7, Number.NaN, 12.25, 1e21, -2, Number.NaN];
  const texts = values.map((v) => (Number.isNaN(v) ? null : String(v)));
  const asNumbers = encodeColumns("candidates", { shop: Float64Array.from(values) }, fitted(VOCABULARY), { labels: false });
  const asTexts = encodeColumns("candidates", { shop: texts }, fitted(VOCABULARY), { labels: false });
  assert.deepEqual([...(asNumbers.sparse[0] as Int32Array)], [...(asTexts.sparse[0] as Int32Array)]);
  assert.equal(asNumbers.sparse[0]?.[4], VOCABULARY.indexOf("") + 1, "a missing value is the empty category");
  const withoutEmpty = fitted(["3", "7"]);
  const missing = encodeColumns("candidates", { shop: Float64Array.of(Number.NaN, 7) }, withoutEmpty, { labels: false });
  assert.deepEqual([...(missing.sparse[0] as Int32Array)], [0, 2], "the empty category out of the vocabulary is row 0");
});
