import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { test } from "node:test";
import { SERVE_DEFAULTS } from "../src/cli/commands/serve.js";
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_CANDIDATES } from "../src/serve/server.js";
import { ROOT } from "./helpers/cli.js";
import { importGraph, specifiers } from "./helpers/import-graph.js";

/** What every `mtrec` invocation would pay for if the command definitions imported it: each takes 0.1 to 1 s to load. */
const HEAVY = ["@duckdb/node-api", "onnxruntime-node", "vega", "vega-lite", "bullmq", "ioredis", "fastify", "prom-client"];

/** A bare specifier's package name: `@duckdb/node-api/x` -> `@duckdb/node-api`, `vega-lite/build` -> `vega-lite`. */
function packageOf(spec: string): string {
  const parts = spec.split("/");
  return (spec.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** Each import of a heavy package in the graph, as "file imports specifier". */
function heavyImports(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, bare]) =>
    bare.filter((s) => HEAVY.includes(packageOf(s))).map((s) => `${relative(ROOT, file)} imports ${s}`),
  );
}

const ENTRY = join(ROOT, "dist/src/cli/main.js");

test("mtrec's entry reaches none of DuckDB, ONNX Runtime, vega, BullMQ, ioredis, Fastify, prom-client through static imports", async () => {
  const graph = await importGraph(ENTRY, false);
  assert.deepEqual(heavyImports(graph), []);
  // the walk did reach the command definitions, so an empty list above means something
  const files = [...graph.keys()].map((f) => relative(ROOT, f));
  for (const definition of ["dist/src/cli/commands/train.js", "dist/src/cli/commands/serve.js", "dist/src/cli/commands/causal.js"])
    assert.ok(files.includes(definition), `${definition} is in the entry's static import graph`);
});

test("a sweep without --queue loads neither BullMQ nor ioredis: the queued path is a dynamic import", async () => {
  const graph = await importGraph(join(ROOT, "dist/src/cli/commands/sweep-run.js"), false);
  assert.deepEqual(
    heavyImports(graph).filter((s) => /bullmq|ioredis/.test(s)),
    [],
  );
  const followed = await importGraph(join(ROOT, "dist/src/cli/commands/sweep-run.js"));
  assert.ok(
    heavyImports(followed).some((s) => s.endsWith("imports bullmq")),
    "the queued path still reaches BullMQ",
  );
});

test("mtrec's entry statically imports no package but commander: a new eager dependency is a choice made here", async () => {
  const graph = await importGraph(ENTRY, false);
  const node = new Set(builtinModules);
  const packages = new Set(
    [...graph.values()]
      .flat()
      .filter((s) => !s.startsWith("node:") && !node.has(s))
      .map(packageOf),
  );
  assert.deepEqual([...packages], ["commander"]);
});

test("with the actions' dynamic imports followed, the entry reaches every heavy package: they moved, not vanished", async () => {
  const graph = await importGraph(ENTRY, true);
  const reached = new Set([...graph.values()].flat().map(packageOf));
  assert.deepEqual(
    HEAVY.filter((p) => !reached.has(p)),
    [],
  );
});

test("the walker tells static, re-export, side-effect and createRequire imports from dynamic ones", () => {
  const code = `import { a } from "./a.js";\nexport { b } from "./b.js";\nimport "./c.js";\nconst d = await import("./d.js");\nexport * as e from "zod";\nconst f = createRequire(import.meta.url)("fastify");`;
  assert.deepEqual(specifiers(code, false).sort(), ["./a.js", "./b.js", "./c.js", "fastify", "zod"]);
  assert.deepEqual(specifiers(code, true).sort(), ["./a.js", "./b.js", "./c.js", "./d.js", "fastify", "zod"]);
});

test("mtrec serve's help shows the server's own default limits", () => {
  assert.deepEqual(SERVE_DEFAULTS, { maxCandidates: DEFAULT_MAX_CANDIDATES, bodyLimit: DEFAULT_BODY_LIMIT });
});
