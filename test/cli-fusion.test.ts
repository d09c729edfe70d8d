import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { groupRequests } from "../src/fusion/requests.js";
import { mtrec } from "./helpers/cli.js";

test("rows are grouped into requests by key, each request's rows in file order", () => {
  const { order, requests } = groupRequests(["u1", "u2", "u1", "u3", "u2"]);
  assert.deepEqual(Array.from(requests.offsets), [0, 2, 4, 5]);
  assert.deepEqual(Array.from(order), [0, 2, 1, 4, 3]);
});

test("mtrec fusion tune finds weights at least as valuable as equal ones, by grid and by CEM", async () => {
  const tmp = await mkdtemp(join(tmpdir(), "mtrec-fusion-"));
  const data = join(tmp, "funnel.csv");
  assert.equal((await mtrec("synth", "funnel", "--rows", "8000", "--seed", "3", "--out", data)).code, 0);
  const model = join(tmp, "esmm");
  const t = await mtrec(
    "train",
    "--data",
    data,
    "--labels",
    "click,purchase",
    "--exclude",
    "action,watch_time,share",
    "--model",
    "esmm",
    "--out",
    model,
    "--epochs",
    "2",
    "--threads",
    "1",
  );
  assert.equal(t.code, 0, t.stderr);
  for (const method of ["grid", "cem"]) {
    const r = await mtrec(
      "fusion",
      "tune",
      "--model",
      model,
      "--data",
      data,
      "--request",
      "user_id",
      "--values",
      "click=1,purchase=20",
      "--k",
      "5",
      "--method",
      method,
      "--rounds",
      "5",
      "--json",
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.method, method);
    assert.deepEqual(Object.keys(j.weights).sort(), ["click", "purchase"]);
    assert.ok(j.objective >= j.equal - 1e-12, `${method}: ${j.objective} vs equal ${j.equal}`);
    assert.ok(j.evaluations > 1);
  }
});
