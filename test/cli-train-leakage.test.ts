import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeCensusLike } from "./helpers/census-like.js";
import { mtrec } from "./helpers/cli.js";

let dir = "";
let data = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mtrec-cli-leakage-"));
  data = join(dir, "census.csv");
  await writeCensusLike(data);
});
after(() => rm(dir, { recursive: true, force: true }));

const run = (...extra: string[]) =>
  mtrec(
    "train",
    "--data",
    data,
    "--labels",
    "income_50k,never_married",
    "--model",
    "shared-bottom",
    "--epochs",
    "1",
    "--threads",
    "1",
    ...extra,
  );

test("mtrec train warns on stderr of columns that give a label away, trains, and records them in metrics.json", async () => {
  const out = join(dir, "model");
  const r = await run("--out", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /mtrec: warning: .*"det_hh_summ" gives "never_married" away: its value "Child under 18 never married"/);
  const metrics = JSON.parse(await readFile(join(out, "metrics.json"), "utf8"));
  const leaks = (metrics.warnings as { kind: string; feature: string; label: string; why: string }[]).filter((w) => w.kind === "leakage");
  assert.deepEqual([...new Set(leaks.map((w) => w.feature))].sort(), ["det_hh_summ", "education", "vet_benefits"]);
  assert.ok(leaks.every((w) => w.label === "never_married" && w.why.length > 0));
});

test("mtrec train --strict refuses the same data with exit code 2", async () => {
  const r = await run("--strict", "--out", join(dir, "strict"));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"det_hh_summ" gives "never_married" away.*--exclude/);
});
