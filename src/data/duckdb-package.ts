import { createRequire } from "node:module";

/**
 * `@duckdb/node-api`, loaded with `require`. It is a CommonJS package whose index re-exports
 * some fifty files; an ESM `import` of it makes Node lex every one of them for their export
 * names before running them, about 100 ms of each data command's start (234 against 102 ms
 * here), which `require` skips.
 */
export const duckdb: typeof import("@duckdb/node-api") = createRequire(import.meta.url)("@duckdb/node-api");
