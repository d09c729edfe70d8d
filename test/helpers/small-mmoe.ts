import { parseTrainConfig, type TrainConfig } from "../../src/train/config.js";

/**
 * A small MMoE on `writeSynthMmoeCsv(path, { dim: 4, ... })` data: 4 dense inputs, two regression
 * tasks, batches of 100, one thread (so equal seeds give equal bytes), patience past any test's epochs.
 */
export function smallMmoeConfig(path: string, epochs: number, lr = 3e-3): TrainConfig {
  return parseTrainConfig({
    data: { path },
    schema: {
      dense: Array.from({ length: 4 }, (_, i) => ({ name: `x${i}` })),
      labels: [
        { name: "y1", type: "regression" },
        { name: "y2", type: "regression" },
      ],
    },
    model: { type: "mmoe", experts: 2, expertHidden: [8] },
    train: { epochs, batchSize: 100, lr, threads: 1, earlyStopping: { patience: 10 } },
  });
}
