import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const STATIC = [
  /\b(?:import|export)\s[^'"`;]*?\sfrom\s*["']([^"']+)["']/g,
  /\bimport\s*["']([^"']+)["']/g,
  // a CommonJS package loaded with createRequire when the module loads (src/data/duckdb-package.ts)
  /\bcreateRequire\([^)]*\)\(\s*["']([^"']+)["']\s*\)/g,
];
const DYNAMIC = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** The module specifiers a compiled file imports: static, re-exports, side-effect imports and createRequire, and unless `dynamic` is false also `import("...")`. */
export function specifiers(code: string, dynamic = true): string[] {
  const found: string[] = [];
  for (const pattern of dynamic ? [...STATIC, DYNAMIC] : STATIC) for (const m of code.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

/** Every compiled file reachable from `entry`, with the bare specifiers (packages, built-ins) each imports. */
export async function importGraph(entry: string, dynamic = true): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.has(file)) continue;
    const bare: string[] = [];
    graph.set(file, bare);
    for (const spec of specifiers(await readFile(file, "utf8"), dynamic)) {
      if (spec.startsWith(".")) queue.push(join(dirname(file), spec));
      else bare.push(spec);
    }
  }
  return graph;
}
