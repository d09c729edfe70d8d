import { readFileSync } from "node:fs";

/**
 * mtrec's version from its package.json, read here rather than imported from the trainer
 * (which holds the same string as MTREC_VERSION) because the trainer's imports load ONNX
 * Runtime and DuckDB, and `mtrec --version` should not wait for them.
 */
export function packageVersion(): string {
  // dist/src/cli/version.js -> the package root
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
