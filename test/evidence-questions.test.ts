import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";
import type { Evidence } from "../evidence/evidence.js";
import { questions } from "../evidence/questions/index.js";
import { runQuestion } from "../evidence/run.js";
import { ROOT } from "./helpers/cli.js";

const exec = promisify(execFile);

const runs = new Map<string, Promise<Evidence>>();
/** Each question's quick run, once for every test that reads it. */
function quick(name: string): Promise<Evidence> {
  const run = runs.get(name) ?? runQuestion(name, true);
  runs.set(name, run);
  return run;
}

test("the evidence runner knows the issue's sixteen questions, each once", () => {
  const names = questions.map((q) => q.name);
  assert.equal(new Set(names).size, 16);
  for (const name of ["tower-gradients", "log-additive-vs-multiplicative", "ipw-needs-control", "two-stage-ctr-cvr"])
    assert.ok(names.includes(name), name);
});

for (const q of questions) {
  test(`evidence ${q.name} --quick returns {question, answer, numbers, seeds, command} with a measured answer`, async () => {
    const e = await quick(q.name);
    assert.deepEqual(Object.keys(e).sort(), ["answer", "command", "numbers", "question", "seeds"]);
    assert.equal(e.question, q.question);
    assert.equal(e.command, `npm run evidence -- ${q.name} --quick`);
    assert.ok(e.answer.length > 40 && /\d/.test(e.answer), e.answer);
    assert.ok(!/NaN|undefined/.test(e.answer), e.answer);
    assert.ok(Object.keys(e.numbers).length > 0);
    assert.ok(e.seeds.length >= 2 && e.seeds.every((s) => Number.isInteger(s)));
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(e)));
  });
}

test("log-additive-vs-multiplicative: Π S^w and Σ w·log S order every request identically, and so do one task's monotone transforms", async () => {
  const e = await quick("log-additive-vs-multiplicative");
  const table = e.numbers as Record<string, Record<string, { mean: number; std: number }>>;
  for (const row of ["3 tasks: Π S^w vs Σ w·log S", "1 task: S vs log S, sqrt S, S^3", "1 task: S vs minmax(log S) per request"]) {
    assert.deepEqual(table[row]?.requestsReordered, { mean: 0, std: 0 }, row);
    assert.deepEqual(table[row]?.top10Changed, { mean: 0, std: 0 }, row);
  }
  assert.ok((table["3 tasks: Σ w·log S vs Σ w·sqrt S"]?.requestsReordered?.mean ?? 0) > 0.5);
});

test("tower-gradients: the other task's loss sends exactly 0 into each tower and gate, and both tasks reach the shared layers", async () => {
  const e = await quick("tower-gradients");
  assert.equal(e.numbers.largestCrossTaskTowerGradient, 0);
  const tables = Object.entries(e.numbers).filter(([k]) => k.includes(": RMS gradient norm")) as [
    string,
    Record<string, Record<string, { mean: number }>>,
  ][];
  assert.equal(tables.length, 2);
  for (const [name, table] of tables) {
    const shared = name.startsWith("mmoe") ? table.experts : table.bottom;
    assert.ok((shared?.["‖∇ y1‖"]?.mean ?? 0) > 0 && (shared?.["‖∇ y2‖"]?.mean ?? 0) > 0, name);
    assert.ok((table["tower.y1"]?.["‖∇ y1‖"]?.mean ?? 0) > 0, name);
  }
});

test("npm run evidence -- NAME --json prints the evidence as JSON; an unknown name exits 2 listing the questions", async () => {
  const { stdout } = await exec(process.execPath, [`${ROOT}dist/evidence/run.js`, "rank-fusion-low-scores", "--quick", "--json"], {
    cwd: ROOT,
  });
  assert.equal(JSON.parse(stdout).command, "npm run evidence -- rank-fusion-low-scores --quick");
  await assert.rejects(
    exec(process.execPath, [`${ROOT}dist/evidence/run.js`, "no-such-question"], { cwd: ROOT }),
    (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr, /name one of the questions \(got no-such-question\)[\s\S]*esmm-ieb/);
      return true;
    },
  );
});
