import assert from "node:assert/strict";
import { test } from "node:test";
import { readAhead } from "../src/train/read-ahead.js";

/** Yields 0..n-1, recording when each is asked for and whether the source was closed. */
function source(n: number, log: string[]): AsyncGenerator<number> {
  return (async function* () {
    try {
      for (let i = 0; i < n; i++) {
        log.push(`read ${i}`);
        await Promise.resolve();
        yield i;
      }
    } finally {
      log.push("closed");
    }
  })();
}

test("reading ahead yields every item in order, the next one asked for before this one is used", async () => {
  const log: string[] = [];
  const got: number[] = [];
  for await (const item of readAhead(source(3, log))) {
    log.push(`use ${item}`);
    got.push(item);
  }
  assert.deepEqual(got, [0, 1, 2]);
  for (const i of [0, 1])
    assert.ok(log.indexOf(`read ${i + 1}`) < log.indexOf(`use ${i}`), `item ${i + 1} is asked for before ${i} is used`);
  assert.ok(log.includes("closed"));
});

test("a consumer that stops reading ahead early still closes the source", async () => {
  const log: string[] = [];
  for await (const item of readAhead(source(5, log))) if (item === 1) break;
  assert.equal(log.at(-1), "closed");
  assert.ok(!log.includes("read 3"), "nothing is read past the one piece ahead");
});

test("a failing read surfaces at the item it would have been, after the ones before it", async () => {
  async function* failing() {
    yield 0;
    throw new Error("line 7: unterminated quote");
  }
  const got: number[] = [];
  await assert.rejects(async () => {
    for await (const item of readAhead(failing())) got.push(item);
  }, /line 7/);
  assert.deepEqual(got, [0]);
});
