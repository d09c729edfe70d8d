import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { encode } from "../src/data/encode.js";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { parseTrainConfig } from "../src/train/config.js";
import { evaluate, predict } from "../src/train/evaluate.js";
import { expertNamesOf } from "../src/train/expert-names.js";
import { predictSource } from "../src/train/predict-source.js";
import { numericFor } from "../src/train/prepare.js";
import { compileInference } from "../src/train/programs.js";
import { trainModel } from "../src/train/trainer.js";

for (const [model, gated] of [
  // a funnel model's gates belong to its heads (ctr, cvr, the DR imputation), not its tasks
  [{ type: "escm2-dr", bottom: "mmoe", experts: 3, expertHidden: [8], towerHidden: [8] }, ["ctr", "cvr", "imputation"]],
  [{ type: "mmoe", experts: 3, expertHidden: [8], towerHidden: [8] }, ["click", "purchase"]],
  // and a PLE's lower level's gates are pieced together like the last level's
  [{ type: "ple", levels: 2, taskExperts: 1, sharedExperts: 1, expertHidden: [8], towerHidden: [8] }, ["click", "purchase"]],
] as const) {
  test(`evaluating a file piece by piece gives exactly the report of evaluating it whole (${model.type}: GAUC, gates of ${gated.join(", ")})`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "mtrec-predict-source-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "funnel.csv");
    await writeSynthFunnelCsv(path, { rows: 5_000, seed: 2 });
    const config = parseTrainConfig({
      data: { path },
      schema: {
        sparse: ["user_segment", "item_id", "item_category", "price_bucket"].map((name) => ({ name, encoding: "vocab" })),
        labels: [
          { name: "click", type: "binary" },
          { name: "purchase", type: "binary" },
        ],
        group: { column: "user_id" },
      },
      model,
      train: { epochs: 1, threads: 1 },
    });
    const trained = await trainModel(config);
    const infer = await compileInference(trained.model, trained.tasks, { threads: 1 });
    const source = { path };
    const numeric = await numericFor(config, source);
    const whole = await encode(source, trained.fitted, { numeric });
    const names = expertNamesOf(trained.model);
    const expected = evaluate(trained.tasks, whole, await predict(infer, trained.fitted, trained.tasks, whole), names);
    const pieces = await predictSource(infer, trained.fitted, trained.tasks, source, { numeric, chunkRows: 777 });
    assert.deepEqual(evaluate(trained.tasks, pieces.data, pieces.predictions, names), expected);
    assert.ok(Number.isFinite(expected.tasks.click?.gauc), "the report has GAUC");
    assert.deepEqual(Object.keys(expected.gates ?? {}).sort(), [...gated].sort());
    if (model.type === "ple")
      assert.deepEqual(Object.keys(expected.levelGates ?? {}), ["level0/click", "level0/purchase", "level0/shared"]);
    if (model.type === "escm2-dr") assert.ok(Number.isFinite(expected.cvr?.ieb), "the report has the CVR section");
    assert.equal(pieces.data.sparse.length, 0, "no features are kept");
  });
}
