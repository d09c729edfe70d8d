import assert from "node:assert/strict";
import { test } from "node:test";
import { findLeaks } from "../src/data/leakage.js";
import type { EncodedData, FittedSchema } from "../src/data/types.js";
import { Rng } from "../src/nn/rng.js";

function dataWith(n: number) {
  const rng = new Rng(1);
  const click = Float32Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 1 : 0));
  const watch = Float32Array.from(click, (c) => (c ? 10 + rng.uniform() : 0)); // an outcome of the click
  const noise = Float32Array.from({ length: n }, () => rng.normal());
  const cart = Int32Array.from(click, (c) => (c && rng.uniform() < 0.4 ? 2 : 1)); // only after a click
  const segment = Int32Array.from({ length: n }, () => 1 + rng.int(5));
  const schema: FittedSchema = {
    sparse: [
      { name: "cart", encoding: "vocab" },
      { name: "segment", encoding: "vocab" },
    ],
    dense: [{ name: "watch" }, { name: "noise" }],
    labels: [{ name: "click", type: "binary" }],
    vocabularies: [
      ["0", "1"],
      ["a", "b", "c", "d", "e"],
    ],
    cardinalities: [3, 6],
    denseStats: [
      { mean: 0, std: 1, missing: 0 },
      { mean: 0, std: 1, missing: 0 },
    ],
    rows: n,
  };
  const dense = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    dense[2 * r] = watch[r] as number;
    dense[2 * r + 1] = noise[r] as number;
  }
  const data: EncodedData = { rows: n, sparse: [cart, segment], dense, labels: [click] };
  return { schema, data };
}

test("an outcome of the label is caught: a dense value that ranks it perfectly, a flag that only comes with it", () => {
  const { schema, data } = dataWith(5000);
  const leaks = findLeaks(schema, data).map((l) => l.feature);
  assert.deepEqual(leaks.sort(), ["cart", "watch"]);
});

test("ordinary features are not flagged", () => {
  const { schema, data } = dataWith(5000);
  const leaks = findLeaks(schema, data);
  assert.ok(!leaks.some((l) => l.feature === "noise" || l.feature === "segment"));
});

test("a rare flag that only comes with the label is caught (5 % of the clicks), but not on too few rows to tell", () => {
  const build = (n: number) => {
    const rng = new Rng(2);
    const click = Float32Array.from({ length: n }, () => (rng.uniform() < 0.1 ? 1 : 0));
    const share = Int32Array.from(click, (c) => (c && rng.uniform() < 0.05 ? 2 : 1));
    const schema: FittedSchema = {
      sparse: [{ name: "share", encoding: "vocab" }],
      dense: [],
      labels: [{ name: "click", type: "binary" }],
      vocabularies: [["0", "1"]],
      cardinalities: [3],
      denseStats: [],
      rows: n,
    };
    return findLeaks(schema, { rows: n, sparse: [share], dense: new Float32Array(0), labels: [click] }).map((l) => l.feature);
  };
  assert.deepEqual(build(60_000), ["share"]);
  // ~25 shares: a category that happened to be clicked every time is not evidence enough
  assert.deepEqual(build(5_000), []);
});

test("each leak says why: the AUC a dense outcome ranks the label with, the flag value that only comes with it", () => {
  const { schema, data } = dataWith(5000);
  const why = Object.fromEntries(findLeaks(schema, data).map((l) => [l.feature, l.why]));
  assert.equal(why.watch, 'alone it ranks "click" with AUC 1.000');
  assert.match(why.cart ?? "", /^its value "1" \(\d+ rows\) only ever comes with "click" = 1$/);
});
