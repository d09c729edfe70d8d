import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../src/nn/rng.js";
import { float32Json, float64Json, indexJson, scoresJson } from "../src/serve/answer-json.js";

function float32s(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  // probabilities, tiny and huge values, integers, negatives
  for (let i = 0; i < n; i++) out[i] = (rng.uniform() - 0.2) * 10 ** (rng.int(16) - 10);
  out.set([0, 1, 0.5, -0, 1e-30, 3e30, 0.1, Math.fround(0.1) + 2 ** -27, 1e8, 123456789, 100, 2.5e-7], 0);
  return out;
}

test("float32Json writes each score with digits that read back to the very same float32 (-0 as 0, as JSON.stringify writes it)", () => {
  const values = float32s(5000, 1);
  const parsed = JSON.parse(float32Json(values)) as number[];
  assert.equal(parsed.length, values.length);
  values.forEach((v, i) => {
    assert.ok(Math.fround(parsed[i] as number) === v, `value ${i}: ${v} read back as ${parsed[i]}`);
  });
});

test("float32Json is shorter than JSON.stringify of the same scores read as float64", () => {
  const values = float32s(1000, 2);
  assert.ok(float32Json(values).length < 0.8 * JSON.stringify(Array.from(values)).length);
});

test("the answer's arrays follow the order given; float64 values and indices are written as JSON.stringify writes them, non-finite ones as null", () => {
  const fused = Float64Array.of(0.1 + 0.2, 1 / 3, Number.NaN, 1e-300, Number.POSITIVE_INFINITY, -2.5);
  const order = Int32Array.of(5, 0, 3, 1, 2, 4);
  assert.equal(float64Json(fused, order), JSON.stringify(Array.from(order, (i) => fused[i])));
  assert.equal(indexJson(order), JSON.stringify(Array.from(order)));
  const scores = { click: Float32Array.of(0.25, 0.5, 0.75), 'say "hi"': Float32Array.of(1, 2, 3) };
  const three = Int32Array.of(2, 0, 1);
  assert.deepEqual(JSON.parse(scoresJson(scores, ["click", 'say "hi"'], three)), { click: [0.75, 0.25, 0.5], 'say "hi"': [3, 1, 2] });
  assert.equal(float32Json(Float32Array.of(Number.NaN, 2, 1e8, 0.5, 0.1)), "[null,2,100000000,0.5,0.100000001]");
});
