import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);

test("the README's XOR example runs and its loss falls below 0.01", async () => {
  const { stdout } = await run(process.execPath, ["examples/xor.mjs"], { cwd: new URL("../..", import.meta.url).pathname });
  const losses = [...stdout.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
  assert.equal(losses.length, 7);
  assert.ok((losses[0] as number) > 0.5, `first loss ${losses[0]}`);
  assert.ok((losses.at(-1) as number) < 0.01, `last loss ${losses.at(-1)}`);
});

test("mtrec rejects a bad flag value naming the flag", async () => {
  await assert.rejects(
    run(process.execPath, ["dist/src/cli/main.js", "demo", "--rows", "ten"], { cwd: new URL("../..", import.meta.url).pathname }),
    (e: { stderr: string }) => /--rows takes a whole number ≥ 1, got "ten"/.test(e.stderr),
  );
});

test("the README's train-and-score example trains, saves, loads and scores", async () => {
  const { stdout } = await run(process.execPath, ["examples/train-and-score.mjs"], { cwd: new URL("../..", import.meta.url).pathname });
  assert.match(stdout, /validation MSE: \d+\.\d{4} \d+\.\d{4}/);
  assert.match(stdout, /of 5000 rows/);
});
