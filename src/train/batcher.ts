import type { EncodedData, FittedSchema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import { DENSE_COLUMN } from "../nn/feature-encoder.js";
import type { Batch } from "./batch.js";
import { labelColumn, PROPENSITY_COLUMN } from "./programs.js";

/**
 * Gathers rows of in-memory encoded data into reusable batch buffers, in the column layout
 * the compiled programs read: one Int32Array per sparse feature (by feature name), the dense
 * matrix, and one label column per task.
 */
export class Batcher {
  private readonly sparse: Int32Array[];
  private readonly dense: Float32Array;
  private readonly labels: Float32Array[];
  private readonly denseWidth: number;

  private readonly propensity: Float32Array | undefined;

  constructor(
    private readonly schema: FittedSchema,
    readonly capacity: number,
    /** A numeric data column fed as the batch's propensity column. */
    private readonly propensityFrom?: string,
  ) {
    this.sparse = schema.sparse.map(() => new Int32Array(capacity));
    this.denseWidth = schema.dense.length;
    this.dense = new Float32Array(capacity * this.denseWidth);
    this.labels = schema.labels.map(() => new Float32Array(capacity));
    this.propensity = propensityFrom ? new Float32Array(capacity) : undefined;
  }

  /** The batch of rows `order[start..end)` (at most `capacity` rows); its arrays are reused by the next call. */
  fill(data: EncodedData, order: Int32Array, start: number, end: number, withLabels = true): Batch {
    const n = end - start;
    const w = this.denseWidth;
    // column by column: each inner loop reads one array, with no lookup of which one per value
    for (const [f, into] of this.sparse.entries()) gather(data.sparse[f] as Int32Array, order, start, n, into);
    for (let i = 0; i < n; i++) {
      const from = (order[start + i] as number) * w;
      const to = i * w;
      for (let k = 0; k < w; k++) this.dense[to + k] = data.dense[from + k] as number;
    }
    if (withLabels) for (const [t, into] of this.labels.entries()) gather(data.labels[t] as Float32Array, order, start, n, into);
    const batch: Batch = {};
    if (this.propensity && this.propensityFrom) {
      const column = data.numeric?.[this.propensityFrom];
      if (!column) throw new MtrecError("BAD_DATA", `mtrec: the data has no propensity column "${this.propensityFrom}"`);
      for (let i = 0; i < n; i++) this.propensity[i] = column[order[start + i] as number] as number;
      batch[PROPENSITY_COLUMN] = this.propensity.subarray(0, n);
    }
    this.schema.sparse.forEach((f, i) => {
      batch[f.name] = (this.sparse[i] as Int32Array).subarray(0, n);
    });
    if (w > 0) batch[DENSE_COLUMN] = this.dense.subarray(0, n * w);
    if (withLabels) {
      for (const [t, l] of this.schema.labels.entries()) batch[labelColumn(l.name)] = (this.labels[t] as Float32Array).subarray(0, n);
    }
    return batch;
  }
}

/** `into[i] = column[order[start + i]]` for i < n. */
function gather<T extends Int32Array | Float32Array>(column: T, order: Int32Array, start: number, n: number, into: T): void {
  for (let i = 0; i < n; i++) into[i] = column[order[start + i] as number] as number;
}

/** 0, 1, …, n−1. */
export function identityOrder(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
