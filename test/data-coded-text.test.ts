import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CodeCounts, type CodedText, PerCode } from "../src/data/coded-text.js";
import { type CodedChunk, open, streamCoded } from "../src/data/reader.js";
import { ValueCounter } from "../src/data/vocabulary.js";

async function codedChunks(text: string, batchRows: number): Promise<CodedChunk[]> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-coded-"));
  try {
    const path = join(dir, "f.csv");
    await writeFile(path, text);
    const chunks: CodedChunk[] = [];
    for await (const chunk of streamCoded(await open({ path }), { batchRows, text: ["n"] })) chunks.push(chunk);
    return chunks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("the reader codes each distinct text of a column once, in order of first appearance across chunks, a missing value as null", async () => {
  const chunks = await codedChunks("city,n\nLyon,1\nParis,2\n,3\nLyon,1\n Paris ,2\nNice,3\n", 4);
  const city = chunks.map((c) => c.columns.city as CodedText);
  assert.deepEqual(
    city.map((c) => Array.from(c.codes)),
    [
      [0, 1, 2, 0],
      [1, 3],
    ],
  );
  assert.equal(city[0]?.dictionary, city[1]?.dictionary, "one dictionary for the whole stream");
  assert.deepEqual(city[1]?.dictionary.texts, ["Lyon", "Paris", null, "Nice"]);
  // a number column asked for as text is coded too, as its text
  const n = chunks[1]?.columns.n as CodedText;
  assert.deepEqual(n.dictionary.texts, ["1", "2", "3"]);
});

test("a per-code value is computed once per distinct text, and a failing one again at each reading, at the first row that holds it", () => {
  const column: CodedText = { codes: Int32Array.from([0, 1, 0, 2, 1, 2]), dictionary: { texts: ["a", "b", "bad"], size: 3 } };
  const calls: string[] = [];
  const compute = (text: string | null, i: number) => {
    calls.push(`${text}@${i}`);
    if (text === "bad") throw new Error(`bad at ${i}`);
    return text === "a" ? 1 : 2;
  };
  const perCode = new PerCode();
  assert.deepEqual(Array.from(perCode.rows(column, 3, compute)), [1, 2, 1]);
  assert.deepEqual(calls, ["a@0", "b@1"]);
  assert.throws(() => perCode.rows(column, 6, compute), /bad at 3/);
  assert.throws(() => perCode.rows(column, 6, compute), /bad at 3/);
  assert.deepEqual(calls, ["a@0", "b@1", "bad@3", "bad@3"]);
});

test("counting a coded column by code gives the counts of counting its texts one by one", () => {
  const texts = ["x", null, "y", "x", "x", null, "z"];
  const column: CodedText = { codes: Int32Array.from([0, 1, 2, 0, 0, 1, 3]), dictionary: { texts: ["x", null, "y", "z"], size: 4 } };
  const byCode = new ValueCounter();
  const counts = new CodeCounts(byCode);
  counts.add(column, texts.length, [0, 1, 3, 4, 5, 6]);
  counts.flush();
  const oneByOne = new ValueCounter();
  for (const i of [0, 1, 3, 4, 5, 6]) oneByOne.add(texts[i] ?? "");
  assert.deepEqual(byCode.vocabulary(1), oneByOne.vocabulary(1));
  assert.deepEqual(byCode.vocabulary(2), ["x", ""]);
});
