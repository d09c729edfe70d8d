import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { MtrecError } from "../src/errors.js";
import { parseTrainConfig } from "../src/train/config.js";
import { prepareData } from "../src/train/prepare.js";
import { writeCensusLike } from "./helpers/census-like.js";

let dir = "";
let path = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-leakage-"));
  path = join(dir, "census.csv");
  await writeCensusLike(path);
});
after(() => rm(dir, { recursive: true, force: true }));

const config = (extra: Record<string, unknown> = {}) =>
  parseTrainConfig({ data: { path }, labels: ["income_50k", "never_married"], model: { type: "shared-bottom" }, ...extra });

test("Census-like data trains by default: the columns only children have are warned of, with the value and why", async () => {
  const warned: string[] = [];
  const prepared = await prepareData(config(), undefined, (l) => warned.push(l));
  const leaks = prepared.warnings.filter((w) => w.kind === "leakage");
  assert.deepEqual([...new Set(leaks.map((w) => w.feature))].sort(), ["det_hh_summ", "education", "vet_benefits"]);
  assert.ok(leaks.every((w) => w.label === "never_married"));
  const household = leaks.find((w) => w.feature === "det_hh_summ");
  assert.match(household?.why ?? "", /"Child under 18 never married" \(\d[\d,]* rows\) only ever comes with "never_married" = 1/);
  assert.equal(warned.length, 1);
  assert.match(warned[0] as string, /^mtrec: warning: .*"det_hh_summ" gives "never_married" away.*--exclude [a-z_,]*det_hh_summ.*--strict/);
});

test('with leakage "refuse" (--strict) the same data is refused, naming the columns and how to leave them out', async () => {
  await assert.rejects(
    prepareData(config({ leakage: "refuse" }), undefined, () => assert.fail("a refusal warns of nothing")),
    (err: unknown) =>
      err instanceof MtrecError &&
      err.code === "BAD_CONFIG" &&
      /"vet_benefits" gives "never_married" away.*--exclude [a-z_,]*vet_benefits/.test(err.message),
  );
});

test("a column that gives a label away is not warned of once excluded", async () => {
  const warned: string[] = [];
  const prepared = await prepareData(config({ exclude: ["det_hh_summ", "vet_benefits", "education"] }), undefined, (l) => warned.push(l));
  assert.deepEqual(prepared.warnings, []);
  assert.deepEqual(warned, []);
});

test('a config\'s "leakage" is "warn" unless it says "refuse"; anything else is refused, naming the field', () => {
  assert.equal(config().leakage, "warn");
  assert.equal(config({ leakage: "refuse" }).leakage, "refuse");
  assert.throws(() => config({ leakage: "ignore" }), /field leakage: /);
});
