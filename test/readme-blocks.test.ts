import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { parseTrainConfig } from "../src/train/config.js";
import { ROOT } from "./helpers/cli.js";

/**
 * Every fenced code block of the README, checked as a user would meet it:
 * - js (and ts, transpiled) blocks run as written, each from an empty temporary directory where
 *   `import ... from "mtrec"` resolves to this repository's built package;
 * - sh lines that start with `mtrec` and hold no placeholders run in order, one temporary
 *   directory per block, after the substitutions below (smaller data, one epoch, one thread);
 * - sh lines with placeholders (`[--flag]`, `a | b`, `(...)`, `...`, an argument in capitals
 *   such as F or DIR) are a synopsis: the command must exist and every flag on the line must be
 *   in its `--help`. They are not run because their arguments are placeholders, not values;
 *   `mtrec serve` is checked the same way and not run, because it runs until stopped;
 * - other sh lines (`npm ci`, `npm test`) are only syntax-checked with `bash -n`: they install
 *   packages or run this suite itself;
 * - json blocks parse, and one with a top-level "model" is a training config that must validate;
 * - html blocks are a page for a browser (mtrec/browser), not run here (test/browser.test.ts runs
 *   a page like it in Chromium): their import map must parse and point at files this repository
 *   has (mtrec's own under /node_modules/mtrec/), and what the module script imports from
 *   "mtrec/browser" must be exported by the built entry.
 */

const exec = promisify(execFile);
const CLI = join(ROOT, "dist/src/cli/main.js");

/** What makes a README command fit a test: the data scaled down, one epoch, one thread. */
const SUBSTITUTIONS: { when: RegExp; edit: (line: string) => string }[] = [
  { when: /--rows \d+/, edit: (l) => l.replace(/--rows \d+/, "--rows 2000") },
  { when: /^mtrec train /, edit: (l) => `${l} --epochs 1 --threads 1` },
  { when: /^mtrec (eval|predict) /, edit: (l) => `${l} --threads 1` },
  { when: /^mtrec demo\b/, edit: (l) => `${l}${/--rows/.test(l) ? "" : " --rows 2000"} --epochs 1 --seeds 1 --threads 1` },
];

/** Marks of a synopsis line rather than a command to run: [optional], a | b, (group), ..., or an argument in capitals (F, DIR). */
const PLACEHOLDER = /\s\[|\s\|\s|\(|\.\.\.|…|\s[A-Z][A-Z0-9_]*(?=\s|$)/;
/** Commands that run until stopped: checked like a synopsis, never run. */
const LONG_RUNNING = /^mtrec serve\b/;
/** A README command or block that takes longer than this has hung or was not scaled down. */
const TIMEOUT_MS = 120_000;

interface Block {
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

function readmeBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    blocks.push({ lang: open[1] as string, body: `${body.join("\n")}\n`, line: start + 1 });
  }
  return blocks;
}

/** A shell block's commands: `\` continuations and indented lines joined to the line above, comments dropped. */
function shellCommands(body: string): string[] {
  const commands: string[] = [];
  let continued = false;
  for (const raw of body.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trimEnd();
    if (line.trim() === "" || line.trim().startsWith("#")) {
      continued = false;
      continue;
    }
    const text = line.replace(/\\$/, "").trim();
    if ((continued || /^\s/.test(line)) && commands.length > 0) commands[commands.length - 1] += ` ${text}`;
    else commands.push(text);
    continued = line.endsWith("\\");
  }
  return commands;
}

/** The command paths a synopsis line names: "mtrec causal ate | att ..." names causal ate and causal att. */
function commandPaths(line: string): string[][] {
  const words = line.split(/\s+/).slice(1);
  const head: string[] = [];
  let i = 0;
  for (; i < words.length && /^[a-z][a-z-]*$/.test(words[i] as string); i++) head.push(words[i] as string);
  const alternatives: string[] = [];
  for (; words[i] === "|" && /^[a-z][a-z-]*$/.test(words[i + 1] ?? ""); i += 2) alternatives.push(words[i + 1] as string);
  if (alternatives.length === 0) return [head];
  return [head, ...alternatives.map((a) => [...head.slice(0, -1), a])];
}

const helpTexts = new Map<string, Promise<string>>();

/** `mtrec <path> --help`, asked once per path (each start of the CLI loads ONNX Runtime and DuckDB). */
function help(path: string[]): Promise<string> {
  const key = path.join(" ");
  let text = helpTexts.get(key);
  if (!text) {
    text = exec(process.execPath, [CLI, ...path, "--help"], { cwd: ROOT }).then((r) => r.stdout);
    helpTexts.set(key, text);
  }
  return text;
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `mtrec-readme-${name}-`));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const readme = await readFile(join(ROOT, "README.md"), "utf8");
const blocks = readmeBlocks(readme);

test("every README code block is in a language this test checks", () => {
  assert.ok(blocks.length > 0);
  const unknown = blocks.filter((b) => !["js", "ts", "sh", "json", "html"].includes(b.lang));
  assert.deepEqual(
    unknown.map((b) => `line ${b.line}: "${b.lang}"`),
    [],
    "tag each block js, ts, sh, json or html (and teach test/readme-blocks.test.ts any other)",
  );
});

for (const block of blocks.filter((b) => b.lang === "js" || b.lang === "ts")) {
  test(`the README's ${block.lang} block at line ${block.line} runs as written against the built package`, async (t) => {
    const dir = await tempDir(t, "js");
    await mkdir(join(dir, "node_modules"));
    await symlink(ROOT, join(dir, "node_modules", "mtrec"), "dir");
    let code = block.body;
    if (block.lang === "ts") {
      const ts = (await import("typescript")).default;
      code = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    }
    await writeFile(join(dir, "block.mjs"), code);
    const { stdout } = await exec(process.execPath, ["block.mjs"], { cwd: dir, maxBuffer: 1 << 24, timeout: TIMEOUT_MS }).catch((e) => {
      throw new Error(`README line ${block.line}: the block failed:\n${(e as { stderr?: string }).stderr ?? e}`);
    });
    assert.doesNotMatch(stdout, /\bNaN\b|\bundefined\b/, `README line ${block.line} printed:\n${stdout}`);
  });
}

for (const block of blocks.filter((b) => b.lang === "sh")) {
  const commands = shellCommands(block.body);
  const isSynopsis = (c: string) => PLACEHOLDER.test(c) || LONG_RUNNING.test(c);
  const runnable = commands.filter((c) => c.startsWith("mtrec ") && !isSynopsis(c));
  const synopsis = commands.filter((c) => c.startsWith("mtrec ") && isSynopsis(c));
  const other = commands.filter((c) => !c.startsWith("mtrec "));
  if (runnable.length > 0)
    test(`the README's sh block at line ${block.line} runs, scaled down, with exit code 0`, async (t) => {
      const dir = await tempDir(t, "sh");
      const bin = join(dir, ".bin");
      await mkdir(bin);
      await writeFile(join(bin, "mtrec"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
      await chmod(join(bin, "mtrec"), 0o755);
      for (const command of runnable) {
        const line = SUBSTITUTIONS.reduce((l, s) => (s.when.test(l) ? s.edit(l) : l), command);
        await exec("bash", ["-e", "-c", line], {
          cwd: dir,
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
          maxBuffer: 1 << 24,
          timeout: TIMEOUT_MS,
        }).catch((e) => {
          throw new Error(`README line ${block.line}: \`${line}\` failed:\n${(e as { stderr?: string }).stderr ?? e}`);
        });
      }
    });
  if (synopsis.length > 0)
    test(`the README's synopsis at line ${block.line} names only commands and flags that exist`, async () => {
      const all = await Promise.all(synopsis.map((line) => Promise.all(commandPaths(line).map((p) => help(p)))));
      for (const [i, line] of synopsis.entries()) {
        const texts = all[i] as string[];
        for (const flag of new Set(line.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? [])) {
          const known = texts.some((h) => new RegExp(`(^|[\\s,])${flag}(?![\\w-])`, "m").test(h));
          assert.ok(
            known,
            `README line ${block.line}: ${flag} is not a flag of "${commandPaths(line)
              .map((p) => p.join(" "))
              .join(" | ")}"`,
          );
        }
      }
    });
  if (other.length > 0)
    test(`the README's sh block at line ${block.line} is valid shell`, async () => {
      await exec("bash", ["-n", "-c", other.join("\n")]);
    });
}

for (const block of blocks.filter((b) => b.lang === "json")) {
  test(`the README's json block at line ${block.line} parses${/^\s*"model"/m.test(block.body) ? " and validates as a training config" : ""}`, () => {
    const value = JSON.parse(block.body) as Record<string, unknown>;
    if ("model" in value) parseTrainConfig(value, `README line ${block.line}`);
  });
}

for (const block of blocks.filter((b) => b.lang === "html")) {
  test(`the README's html block at line ${block.line} maps its imports to files the package has and imports what mtrec/browser exports`, async () => {
    const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(block.body);
    assert.ok(map, `README line ${block.line}: an html block is a page with an import map`);
    const { imports } = JSON.parse(map[1] as string) as { imports: Record<string, string> };
    for (const [name, target] of Object.entries(imports)) {
      const inRepo = target.startsWith("/node_modules/mtrec/") ? target.slice("/node_modules/mtrec/".length) : target.slice(1);
      await readFile(join(ROOT, inRepo)).catch(() =>
        assert.fail(`README line ${block.line}: "${name}" maps to ${target}, which the package does not have`),
      );
    }
    const entry = await readFile(join(ROOT, "dist/src/browser/index.js"), "utf8");
    for (const m of block.body.matchAll(/import\s*\{([^}]*)\}\s*from\s*"mtrec\/browser"/g))
      for (const name of (m[1] as string)
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean))
        assert.match(entry, new RegExp(`export \\{[^}]*\\b${name}\\b`), `mtrec/browser exports ${name}`);
  });
}

test("the README test's substitutions still match the commands they scale down", () => {
  const lines = blocks.filter((b) => b.lang === "sh").flatMap((b) => shellCommands(b.body));
  for (const s of SUBSTITUTIONS)
    assert.ok(
      lines.some((l) => s.when.test(l)),
      `no README command matches ${s.when}`,
    );
});
