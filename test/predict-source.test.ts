import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { encode } from "../src/data/encode.js";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { parseTrainConfig } from "../src/train/config.js";
import { evaluate, predict } from "../src/train/evaluate.js";
import { predictSource } from "../src/train/predict-source.js";
import { numericFor } from "../src/train/prepare.js";
import { compileInference } from "../src/train/programs.js";
import { expertNamesOf, trainModel } from "../src/train/trainer.js";

for (const [model, section] of [
  [{ type: "escm2-dr", bottom: "mmoe", experts: 3, expertHidden: [8], towerHidden: [8] }, "cvr"],
  [{ type: "mmoe", experts: 3, expertHidden: [8], towerHidden: [8] }, "gates"],
] as const) {
  test(`evaluating a file piece by piece gives exactly the report of evaluating it whole (${model.type}: GAUC and ${section})`, async () => {
    const dir = await mkdtemp(join(tmpdir(), "mtrec-predict-source-"));
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
    const infer = await compileInference(trained.model, trained.tasks);
    const source = { path };
    const numeric = await numericFor(config, source);
    const whole = await encode(source, trained.fitted, { numeric });
    const names = expertNamesOf(trained.model);
    const expected = evaluate(trained.tasks, whole, await predict(infer, trained.fitted, trained.tasks, whole), names);
    const pieces = await predictSource(infer, trained.fitted, trained.tasks, source, { numeric, chunkRows: 777 });
    assert.deepEqual(evaluate(trained.tasks, pieces.data, pieces.predictions, names), expected);
    assert.ok(Number.isFinite(expected.tasks.click?.gauc), "the report has GAUC");
    assert.ok(expected[section] !== undefined, `the report has its ${section} section`);
    assert.equal(pieces.data.sparse.length, 0, "no features are kept");
  });
}
