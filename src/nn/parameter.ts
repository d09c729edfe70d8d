import { MtrecError } from "../errors.js";
/**
 * A trainable tensor: a Float32Array with a shape. `grad` is written by the step graph
 * (dense parameters) and read by the optimizer. Embedding tables are row-sparse: their
 * gradient arrives as `sparseGrad` (the rows seen in the batch) and never as a full table.
 */
export class Parameter {
  readonly grad: Float32Array;
  sparseGrad: SparseGrad | undefined;
  constructor(
    /** The full dotted path (`tower.click.0.weight`), set when the owning module is attached. */
    public name: string,
    readonly shape: readonly number[],
    readonly data: Float32Array,
    readonly opts: ParameterOptions = {},
  ) {
    const n = shape.reduce((p, d) => p * d, 1);
    if (data.length !== n)
      throw new MtrecError("GRAPH", `mtrec: parameter "${name}" of shape [${shape.join(", ")}] needs ${n} values, got ${data.length}`);
    // a sparse table's full-size gradient would defeat the point of keeping it sparse
    this.grad = opts.sparse ? new Float32Array(0) : new Float32Array(n);
  }
  get size(): number {
    return this.data.length;
  }
  get sparse(): boolean {
    return this.opts.sparse ?? false;
  }
}

export interface ParameterOptions {
  /** Row-sparse gradients (embedding tables). */
  sparse?: boolean;
  /** L2 penalty added to this parameter's gradient (to touched rows only when sparse). */
  l2?: number;
  /** Not trained: a buffer such as batch norm's running statistics. */
  buffer?: boolean;
}

/** Gradient rows of a row-sparse parameter: `rows` distinct row indices, `values` [rows.length, dim]. */
export interface SparseGrad {
  rows: Int32Array;
  values: Float32Array;
}
