import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fitSchema } from "../src/data/fit.js";
import { lineOfRow } from "../src/data/line-of-row.js";
import type { Schema } from "../src/data/types.js";
import { MtrecError } from "../src/errors.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-lines-"));
});
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const csv = { delimiter: ",", recordsBefore: 1 };

test("a data row's line counts blank lines, fields that span lines, CRLF endings and the header", async () => {
  const path = await file("lines.csv", 'a,b\r\n1,x\r\n\r\n2,"two\r\nlines"\r\n3,"say ""hi""\nthere"\n\n\n4,y\n5,z');
  // rows 0..4 start on lines 2, 4, 6, 10, 11 (the last without a newline)
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((row) => lineOfRow(path, csv, row)),
    [2, 4, 6, 10, 11],
  );
  assert.equal(lineOfRow(path, { ...csv, recordsBefore: 0 }, 0), 1);
});

test("without blank lines or quoted newlines, a row's line is its number past the header", async () => {
  const path = await file("plain.csv", "a,b\n1,2\n3,4\n5,6\n");
  assert.deepEqual(
    [0, 1, 2].map((row) => lineOfRow(path, csv, row)),
    [2, 3, 4],
  );
});

test("a value error after a blank line names the line an editor shows", async () => {
  const rows = Array.from({ length: 8 }, (_, i) => `${i % 2},${i}`);
  rows[6] = "1,abc";
  // a blank line after the third row: "abc" sits on line 9 (header, 3 rows, blank, 3 rows, then it)
  const path = await file("blank.csv", `click,price\n${rows.slice(0, 3).join("\n")}\n\n${rows.slice(3).join("\n")}\n`);
  const schema: Schema = { sparse: [], dense: [{ name: "price" }], labels: [{ name: "click", type: "binary" }] };
  await assert.rejects(fitSchema({ path }, schema), (err: unknown) => {
    assert.ok(err instanceof MtrecError);
    assert.match(err.message, /blank\.csv, line 9, column "price"/);
    return true;
  });
});

test('a quote inside a field opens nothing (an inch mark, 5"), as in the ragged-line check', async () => {
  const path = await file("inches.csv", 'a,b\n1,5"\n2,x\n3,"quoted, with a comma"\n4,y\n');
  assert.deepEqual(
    [0, 1, 2, 3].map((row) => lineOfRow(path, csv, row)),
    [2, 3, 4, 5],
  );
  assert.equal(lineOfRow(path, csv, 9), undefined);
});
