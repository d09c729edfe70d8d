import type { Parameter } from "../nn/parameter.js";

/**
 * Sums the per-lookup row gradients of one table into one gradient per distinct row.
 * Reuses its buffers across steps: nothing large is allocated once they have grown.
 */
export class SparseGradAccumulator {
  private slot: Int32Array;
  private rows = new Int32Array(0);
  private values = new Float32Array(0);
  private count = 0;

  constructor(private readonly table: Parameter) {
    this.slot = new Int32Array(table.shape[0] ?? 0).fill(-1);
  }

  begin(maxRows: number): void {
    const dim = this.table.shape[1] ?? 0;
    if (this.rows.length < maxRows) {
      this.rows = new Int32Array(maxRows);
      this.values = new Float32Array(maxRows * dim);
    }
    this.count = 0;
  }

  /** Adds the gradient rows `grads` [n, dim] for the lookups `ids` [n]. */
  add(ids: Int32Array, grads: Float32Array): void {
    const dim = this.table.shape[1] ?? 0;
    for (let i = 0; i < ids.length; i++) {
      const row = ids[i] as number;
      let s = this.slot[row] as number;
      if (s < 0) {
        s = this.count++;
        this.slot[row] = s;
        this.rows[s] = row;
        this.values.fill(0, s * dim, (s + 1) * dim);
      }
      const src = i * dim;
      const dst = s * dim;
      for (let k = 0; k < dim; k++) this.values[dst + k] = (this.values[dst + k] as number) + (grads[src + k] as number);
    }
  }

  /** Hands the summed rows to the parameter and clears the row map for the next step. */
  finish(): void {
    const dim = this.table.shape[1] ?? 0;
    for (let s = 0; s < this.count; s++) this.slot[this.rows[s] as number] = -1;
    this.table.sparseGrad = { rows: this.rows.subarray(0, this.count), values: this.values.subarray(0, this.count * dim) };
  }
}
