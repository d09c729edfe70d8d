import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { data, load, train } from "mtrec";

// a directory of its own, so two runs at once do not write over each other's files
const dir = await mkdtemp(join(tmpdir(), "mtrec-example-"));
try {
  const csv = join(dir, "mmoe.csv");
  await data.writeSynthMmoeCsv(csv, { rows: 5_000, correlation: 0.5, seed: 1 });
  const result = await train(
    {
      data: { path: csv },
      labels: ["y1", "y2"],
      model: { type: "mmoe", experts: 4, expertHidden: [16] },
      train: { epochs: 5, seed: 1 },
    },
    { out: join(dir, "model") },
  );
  console.log("validation MSE:", result.valid.tasks.y1.mse.toFixed(4), result.valid.tasks.y2.mse.toFixed(4));

  const model = await load(join(dir, "model"));
  const scores = await model.predictFile(csv);
  console.log("first row:", scores.scores.y1[0].toFixed(3), scores.scores.y2[0].toFixed(3), "of", scores.rows, "rows");
} finally {
  await rm(dir, { recursive: true, force: true });
}
