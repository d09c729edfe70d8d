import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";
import { sharedFile } from "../bench/shared-data.js";
import { MtrecError } from "../src/errors.js";
import { ROOT } from "./helpers/cli.js";

const exec = promisify(execFile);

/** Runs the built bench runner with arguments that never start a bench. */
async function bench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [`${ROOT}dist/bench/run.js`, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test("a bench whose shared data file is missing fails with BAD_DATA naming the bench, the file and the path looked at", () => {
  assert.throws(
    () => sharedFile("adult", { path: "no-such/adult.data", what: "UCI Adult" }),
    (e: unknown) =>
      e instanceof MtrecError &&
      e.code === "BAD_DATA" &&
      e.exitCode === 3 &&
      /^mtrec bench adult: needs UCI Adult at \.\.\/shared\/data\/no-such\/adult\.data, beside the project; not found at \/.*\/shared\/data\/no-such\/adult\.data/.test(
        e.message,
      ),
  );
});

test("the bench help says which benches read the shared data folder", async () => {
  const r = await bench("--help");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n {2}adult +.*reads \.\.\/shared\/data\/uci-adult\/adult\.data .*not shipped with the repository/);
  assert.doesNotMatch(r.stdout.split("\n").find((l) => l.includes(" mlp-step ")) ?? "", /shared/);
});

test("an unknown bench name exits 2 with the list of benches and no stack trace", async () => {
  const r = await bench("nosuch");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^mtrec bench: name one of the benches \(got nosuch\)\n/);
  assert.match(r.stderr, /causal/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
