import { stat } from "node:fs/promises";
import type { TrainConfig } from "../train/config.js";
import { propensityColumn } from "../train/funnel-columns.js";
import { type PreparedData, prepareData } from "../train/trainer.js";
import { contentJobId } from "./job-id.js";

/**
 * The part of a config that `prepareData` reads: runs that agree on it share one prepared
 * copy of the data (the same rows, vocabularies and statistics), as a local comparison does.
 * The model enters only through the column it may read propensities from.
 */
export function preparedKey(config: TrainConfig): string {
  const { data, valid, validFraction, schema, labels, group, exclude, positive, sparse, dense, regression, leakage } = config;
  const { stream, memoryMB, chunkRows } = config.train;
  return contentJobId("data", {
    data,
    valid,
    validFraction,
    schema,
    labels,
    group,
    exclude,
    positive,
    sparse,
    dense,
    regression,
    leakage,
    stream,
    memoryMB,
    chunkRows,
    propensity: propensityColumn(config),
  });
}

/**
 * The last prepared data, kept for the next run on the same data: a worker taking the seeds of
 * one comparison in turn reads and encodes the file once. One entry, since a prepared data set
 * may be most of the memory.
 */
export class PreparedCache {
  private last?: { key: string; data: Promise<PreparedData> };

  constructor(private readonly log: (line: string) => void = () => {}) {}

  async get(config: TrainConfig): Promise<PreparedData> {
    // a worker lives long: a data file rewritten in place since is new data
    const files = await Promise.all(
      [config.data?.path, config.valid?.path].map(async (p) =>
        p
          ? await stat(p).then(
              (s) => [s.size, s.mtimeMs],
              () => null,
            )
          : null,
      ),
    );
    const key = `${preparedKey(config)} ${JSON.stringify(files)}`;
    if (this.last?.key !== key) {
      const data = prepareData(config, this.log);
      // a failed preparation is not kept: the next job tries again
      data.catch(() => {
        if (this.last?.data === data) this.last = undefined;
      });
      this.last = { key, data };
    }
    return this.last.data;
  }
}
