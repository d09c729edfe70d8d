import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { synthConfounded, writeSynthConfoundedCsv } from "../src/data/synth/confounded.js";
import { MtrecError } from "../src/errors.js";

test("the same seed gives the same rows, another seed other rows", () => {
  const a = synthConfounded({ rows: 500, seed: 4 });
  const b = synthConfounded({ rows: 500, seed: 4 });
  assert.deepEqual(Array.from(a.y), Array.from(b.y));
  assert.deepEqual(Array.from(a.x), Array.from(b.x));
  assert.notDeepEqual(Array.from(synthConfounded({ rows: 500, seed: 5 }).y), Array.from(a.y));
});

test("shape: rows × columns covariates, 0/1 treatment, trueAte = tau", () => {
  const data = synthConfounded({ rows: 300, seed: 1, columns: 7, tau: -1.5 });
  assert.equal(data.columns, 7);
  assert.equal(data.x.length, 300 * 7);
  assert.ok(data.t.every((v) => v === 0 || v === 1));
  assert.equal(data.trueAte, -1.5);
});

test("the treated share matches the mean true propensity within 0.01 on 50,000 rows", () => {
  for (const propensity of ["logistic", "nonlinear"] as const) {
    const { t, truePropensity } = synthConfounded({ rows: 50_000, seed: 2, propensity });
    const share = t.reduce((a, b) => a + b, 0) / t.length;
    const meanPropensity = truePropensity.reduce((a, b) => a + b, 0) / t.length;
    assert.ok(Math.abs(share - meanPropensity) < 0.01, `${propensity}: share ${share}, mean e ${meanPropensity}`);
  }
});

test("the outcome option changes y and nothing else; the propensity option changes who is treated", () => {
  const linear = synthConfounded({ rows: 1_000, seed: 3 });
  const nonlinearOutcome = synthConfounded({ rows: 1_000, seed: 3, outcome: "nonlinear" });
  assert.deepEqual(Array.from(nonlinearOutcome.t), Array.from(linear.t));
  assert.notDeepEqual(Array.from(nonlinearOutcome.y), Array.from(linear.y));
  // y − 1.5·(exp(x₁) − e^{1/2}) gives back the linear outcome row by row.
  const x1 = (i: number) => linear.x[i * linear.columns] as number;
  assert.ok(nonlinearOutcome.y.every((v, i) => Math.abs(v - 1.5 * (Math.exp(x1(i)) - Math.exp(0.5)) - (linear.y[i] as number)) < 1e-12));
  const nonlinearPropensity = synthConfounded({ rows: 1_000, seed: 3, propensity: "nonlinear" });
  assert.notDeepEqual(Array.from(nonlinearPropensity.truePropensity), Array.from(linear.truePropensity));
});

test("unknown options and a bad row count are rejected with the known values listed", () => {
  assert.throws(
    () => synthConfounded({ rows: 10, seed: 1, outcome: "quadratic" as never }),
    (err: unknown) => err instanceof MtrecError && err.code === "BAD_ARGUMENT" && /known: "linear", "nonlinear"/.test(err.message),
  );
  assert.throws(() => synthConfounded({ rows: 10, seed: 1, propensity: "probit" as never }), /known: "logistic", "nonlinear"/);
  assert.throws(() => synthConfounded({ rows: -1, seed: 1 }), /rows must be a whole number/);
  assert.throws(() => synthConfounded({ rows: 10, seed: 1, columns: 0 }), /columns must be a whole number ≥ 1/);
});

test("the CSV has columns x1..xp, t, y, truth_e and one line per row, the propensity unrounded", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-synth-confounded-"));
  try {
    const path = join(dir, "confounded.csv");
    await writeSynthConfoundedCsv(path, { rows: 50, seed: 6, columns: 3 });
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    assert.equal(lines[0], "x1,x2,x3,t,y,truth_e");
    assert.equal(lines.length, 51);
    const data = synthConfounded({ rows: 50, seed: 6, columns: 3 });
    const fields = (lines[1] as string).split(",").map(Number);
    assert.equal(fields[3], data.t[0]);
    assert.equal(fields[5], data.truePropensity[0]);
    assert.ok(Math.abs((fields[0] as number) - (data.x[0] as number)) <= 5e-7);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
