import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadFittedSchema, saveFittedSchema } from "../src/data/schema-io.js";
import type { FittedSchema } from "../src/data/types.js";
import { MtrecError } from "../src/errors.js";

const fitted: FittedSchema = {
  sparse: [
    { name: "city", encoding: "vocab", minCount: 2 },
    { name: "item/id", column: "item", encoding: "hash", buckets: 1000 },
    { name: "note", encoding: "vocab" },
  ],
  dense: [{ name: "price" }],
  labels: [{ name: "income", type: "binary", positive: ">50K" }],
  group: { column: "user" },
  vocabularies: [["Paris", "Lyon"], null, ["two\nlines", 'a "quote"', "", "tab\there", "Zürich"]],
  cardinalities: [3, 1000, 6],
  denseStats: [{ mean: 25.5, std: 11.2, missing: 2 }],
  rows: 6,
};

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-schema-io-"));
});
after(() => rm(dir, { recursive: true, force: true }));

async function rejectsModelFile(work: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(work, (err: unknown) => err instanceof MtrecError && err.code === "MODEL_FILE" && pattern.test(err.message));
}

test("a fitted schema survives saving and loading, odd vocabulary values included", async () => {
  const model = join(dir, "round-trip");
  await saveFittedSchema(model, fitted);
  assert.deepEqual(await loadFittedSchema(model), fitted);
});

test("schema.json holds no vocabulary and each vocabulary file one JSON string per line", async () => {
  const model = join(dir, "layout");
  await saveFittedSchema(model, fitted);
  const saved = JSON.parse(await readFile(join(model, "schema.json"), "utf8"));
  assert.equal(saved.vocabularies, undefined);
  assert.deepEqual(saved.vocabularyFiles, ["vocab/city.txt", null, "vocab/note.txt"]);
  assert.equal(await readFile(join(model, "vocab", "city.txt"), "utf8"), '"Paris"\n"Lyon"\n');
  assert.equal((await readFile(join(model, "vocab", "note.txt"), "utf8")).split("\n").length, 6);
});

test("a missing schema.json or vocabulary file is named", async () => {
  await rejectsModelFile(() => loadFittedSchema(join(dir, "nowhere")), /nowhere\/schema\.json: missing/);
  const model = join(dir, "no-vocab");
  await saveFittedSchema(model, fitted);
  await rm(join(model, "vocab", "city.txt"));
  await rejectsModelFile(() => loadFittedSchema(model), /no-vocab\/vocab\/city\.txt: missing/);
});

test("a damaged schema.json is named with what is wrong", async () => {
  const model = join(dir, "damaged");
  await saveFittedSchema(model, fitted);
  await writeFile(join(model, "schema.json"), "{ not json");
  await rejectsModelFile(() => loadFittedSchema(model), /damaged\/schema\.json: damaged: not valid JSON/);
  const saved = {
    ...fitted,
    format: "mtrec-fitted-schema",
    version: 1,
    vocabularies: undefined,
    vocabularyFiles: ["vocab/city.txt", null, "vocab/note.txt"],
  };
  saved.cardinalities = [3, -1, 6];
  await writeFile(join(model, "schema.json"), JSON.stringify(saved));
  await rejectsModelFile(() => loadFittedSchema(model), /schema\.json: damaged: field cardinalities\[1\]/);
});

test("a vocabulary file that does not match the saved cardinality is refused", async () => {
  const model = join(dir, "mismatch");
  await saveFittedSchema(model, fitted);
  await writeFile(join(model, "vocab", "city.txt"), '"Paris"\n');
  await rejectsModelFile(
    () => loadFittedSchema(model),
    /vocab\/city\.txt: damaged: holds 1 values, but schema\.json says the table has 3 rows/,
  );
  await writeFile(join(model, "vocab", "city.txt"), '"Paris"\nLyon\n');
  await rejectsModelFile(() => loadFittedSchema(model), /vocab\/city\.txt: damaged: line 2 is not a JSON string/);
});
