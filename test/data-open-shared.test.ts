import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { open } from "../src/data/reader.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-open-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("two opens of one file at once share one sniff and count (a command opens the file early, its scoring opens it again)", async () => {
  const path = join(dir, "a.csv");
  await writeFile(path, "x,y\n1,2\n3,4\n5,6\n");
  const [first, second] = await Promise.all([open({ path }), open({ path })]);
  assert.equal(first, second);
  assert.equal(first.rows, 3);
});

test("a failed open is not remembered: once the file is there, the next open reads it", async () => {
  const path = join(dir, "late.csv");
  await assert.rejects(open({ path }), /late\.csv: no such file/);
  await writeFile(path, "x\n1\n2\n");
  assert.equal((await open({ path })).rows, 2);
});

test("a file changed since it was opened is opened again", async () => {
  const path = join(dir, "grows.csv");
  await writeFile(path, "x\n1\n");
  assert.equal((await open({ path })).rows, 1);
  await writeFile(path, "x\n1\n2\n3\n");
  assert.equal((await open({ path })).rows, 3);
});
