import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { MTREC_VERSION } from "../src/version.js";

test("MTREC_VERSION, which model directories and job ids record, is package.json's version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  assert.equal(MTREC_VERSION, pkg.version);
});
