import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import { parseTrainConfig } from "../src/train/config.js";
import { prepareData, trainModel } from "../src/train/trainer.js";

const dir = await mkdtemp(join(tmpdir(), "mtrec-oracle-"));
const path = join(dir, "funnel.csv");
await writeSynthFunnelCsv(path, { rows: 40_000, selectionBias: 1, seed: 11 });
const schema = {
  sparse: ["user_id", "user_segment", "item_id", "item_category", "price_bucket"].map((name) => ({ name, encoding: "vocab" as const })),
  labels: [
    { name: "click", type: "binary" as const },
    { name: "purchase", type: "binary" as const },
  ],
};
const config = (model: Record<string, unknown>) =>
  parseTrainConfig({
    data: { path },
    schema,
    model,
    train: { epochs: 6, batchSize: 512, lr: 3e-3, threads: 1, earlyStopping: { patience: 2 } },
  });

test("with selection bias, IPW on O with the oracle's truth_ctr has a much smaller |IEB| than cvr-naive", async () => {
  const naive = await trainModel(config({ type: "cvr-naive" }));
  // the oracle's propensities need no clipping: they are the truth (the default floor of 0.01 would bias them)
  const oracle = await trainModel(
    config({ type: "naive-ipw", propensity: { source: "column", column: "truth_ctr", min: 0.001, maxWeight: 1000 } }),
  );
  const iebNaive = naive.valid.cvr?.ieb as number;
  const iebOracle = oracle.valid.cvr?.ieb as number;
  assert.ok(iebNaive > 0.01, `cvr-naive over-estimates CVR on D: IEB ${iebNaive}`);
  assert.ok(Math.abs(iebOracle) < Math.abs(iebNaive) / 2, `oracle IPW |IEB| ${iebOracle} vs naive ${iebNaive}`);
});

test("the truth columns reach the validation rows but never the inputs", async () => {
  const data = await prepareData(config({ type: "esmm" }));
  assert.deepEqual(Object.keys(data.memory?.valid.numeric ?? {}).sort(), ["truth_ctcvr", "truth_ctr", "truth_cvr", "truth_r"]);
  assert.ok(!data.fitted.sparse.some((f) => f.name.startsWith("truth_")));
});
