import { data, load, train } from "mtrec";

await data.writeSynthMmoeCsv("/tmp/mmoe.csv", { rows: 5_000, correlation: 0.5, seed: 1 });
const result = await train(
  {
    data: { path: "/tmp/mmoe.csv" },
    labels: ["y1", "y2"],
    model: { type: "mmoe", experts: 4, expertHidden: [16] },
    train: { epochs: 5, seed: 1 },
  },
  { out: "/tmp/mmoe-model", overwrite: true }, // overwrite: replace the model a previous run left there
);
console.log("validation MSE:", result.valid.tasks.y1.mse.toFixed(4), result.valid.tasks.y2.mse.toFixed(4));

const model = await load("/tmp/mmoe-model");
const scores = await model.predictFile("/tmp/mmoe.csv");
console.log("first row:", scores.scores.y1[0].toFixed(3), scores.scores.y2[0].toFixed(3), "of", scores.rows, "rows");
