import assert from "node:assert/strict";
import { test } from "node:test";
import { buildProgram, commandPaths, exitCodeOf } from "../src/cli/program.js";
import { MTREC_VERSION } from "../src/version.js";
import { mtrec } from "./helpers/cli.js";

/** Parses a command line in this process, as main.ts does, up to the exit code; actions are never reached here. */
async function parse(...args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  let out = "";
  let err = "";
  const program = buildProgram({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: undefined, out, err };
  } catch (e) {
    return { code: exitCodeOf(e), out, err };
  }
}

const commands = commandPaths(buildProgram());

test("the command tree has every documented command", () => {
  const names = commands.map((c) => c.join(" "));
  for (const c of [
    "train",
    "eval",
    "predict",
    "compare",
    "demo",
    "synth mmoe",
    "synth funnel",
    "causal ate",
    "fusion tune",
    "fusion simulate",
  ])
    assert.ok(names.includes(c), `${c} missing from ${names.join(", ")}`);
});

test("every command gives exit code 2 with commander's message on an unknown flag", async () => {
  for (const path of commands) {
    const r = await parse(...path, "--no-such-flag");
    assert.equal(r.code, 2, `mtrec ${path.join(" ")}: ${r.err}`);
    assert.match(r.err, /^error: /, `mtrec ${path.join(" ")}`);
  }
});

test("every command's --help gives exit code 0 and prints its usage", async () => {
  for (const path of commands) {
    const r = await parse(...path, "--help");
    assert.equal(r.code, 0, `mtrec ${path.join(" ")}: ${r.err}`);
    assert.match(r.out, new RegExp(`^Usage: mtrec ${path.join(" ")} `), `mtrec ${path.join(" ")}`);
  }
});

test("an unknown flag after every required one gives exit code 2 naming the flag", async () => {
  const r = await parse("train", "--data", "d.csv", "--out", "m", "--bogus");
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option '--bogus'/);
});

test("a flag value out of range gives exit code 2 naming the flag and the value", async () => {
  for (const [flag, value, message] of [
    ["--epochs", "abc", /--epochs takes a whole number ≥ 1, got "abc"/],
    ["--valid-fraction", "1.5", /--valid-fraction takes a number from 0.01 to 0.99, got "1.5"/],
    ["--lr", "-1", /--lr takes a number above 0, got "-1"/],
  ] as const) {
    const r = await parse("train", "--data", "d.csv", "--out", "m", flag, value);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, message);
  }
});

test("a missing required option gives exit code 2 naming it", async () => {
  const r = await parse("predict", "--model", "m", "--data", "d.csv");
  assert.equal(r.code, 2);
  assert.match(r.err, /required option '--out <file>' not specified/);
});

test("an unknown command, or a command group without its subcommand, gives exit code 2", async () => {
  const unknown = await parse("trian");
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command 'trian'/);
  for (const group of ["synth", "causal", "fusion"]) {
    const r = await parse(group);
    assert.equal(r.code, 2, `mtrec ${group}`);
    assert.match(r.err, new RegExp(`Usage: mtrec ${group} `));
  }
  assert.equal((await parse()).code, 2);
});

test("--resume and --overwrite together give exit code 2", async () => {
  const r = await parse("train", "--data", "d.csv", "--out", "m", "--resume", "--overwrite");
  assert.equal(r.code, 2);
  assert.match(r.err, /'--overwrite' cannot be used with option '--resume'/);
});

test("the mtrec process exits 2 on a bad flag value and 0 for --version", async () => {
  const bad = await mtrec("train", "--data", "d.csv", "--out", "m", "--epochs", "abc");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--epochs takes a whole number ≥ 1, got "abc"/);
  const version = await mtrec("--version");
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), MTREC_VERSION);
});
