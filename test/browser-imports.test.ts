import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers/cli.js";
import { importGraph, specifiers } from "./helpers/import-graph.js";

const ENTRY = join(ROOT, "dist/src/browser/index.js");

test("the browser entry and everything it imports hold no Node built-in, onnxruntime-node or DuckDB import", async () => {
  const graph = await importGraph(ENTRY);
  assert.deepEqual(nodeOnlyImports(graph), []);
  // the walk did reach the shared code, so an empty list above means something
  const files = [...graph.keys()].map((f) => relative(ROOT, f));
  for (const shared of ["dist/src/data/row-encoder.js", "dist/src/data/schema-file.js", "dist/src/fusion/rank.js", "dist/src/data/hash.js"])
    assert.ok(files.includes(shared), `${shared} is in the browser's import graph`);
});

/** Each import of a Node built-in, onnxruntime-node or DuckDB in the graph, as "file imports specifier". */
function nodeOnlyImports(graph: Map<string, string[]>): string[] {
  const node = new Set(builtinModules);
  return [...graph].flatMap(([file, bare]) =>
    bare
      .filter(
        (s) => s.startsWith("node:") || node.has(s.split("/")[0] as string) || s.startsWith("onnxruntime-node") || s.startsWith("@duckdb"),
      )
      .map((s) => `${relative(ROOT, file)} imports ${s}`),
  );
}

test("the fusion namespace imports nothing from Node, ONNX Runtime for Node or DuckDB: the model scorer lives in train", async () => {
  const graph = await importGraph(join(ROOT, "dist/src/fusion/index.js"));
  assert.deepEqual(nodeOnlyImports(graph), []);
  assert.ok(!graph.has(join(ROOT, "dist/src/train/load.js")), "fusion reaches train's model loader");
});

test("the browser entry needs only onnxruntime-web and zod from outside the package (what the README's import map maps)", async () => {
  const graph = await importGraph(ENTRY);
  const bare = new Set([...graph.values()].flat());
  assert.deepEqual([...bare].sort(), ["onnxruntime-web", "zod"]);
});

test("the walker sees static, re-export, side-effect and dynamic imports", () => {
  const code = `import { a } from "./a.js";\nexport { b } from "./b.js";\nimport "./c.js";\nconst d = await import("node:fs");\nexport * as e from "zod";`;
  assert.deepEqual(specifiers(code).sort(), ["./a.js", "./b.js", "./c.js", "node:fs", "zod"]);
});

test('package.json exports "./browser" as the compiled browser entry with its types', async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
  assert.deepEqual(pkg.exports["./browser"], { types: "./dist/src/browser/index.d.ts", default: "./dist/src/browser/index.js" });
  await readFile(join(ROOT, "dist/src/browser/index.d.ts"), "utf8");
});
