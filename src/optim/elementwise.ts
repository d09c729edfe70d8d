import { MtrecError } from "../errors.js";
import type { Parameter } from "../nn/parameter.js";
import type { Optimizer, OptimizerOptions } from "./optimizer.js";

const NO_ROWS = new Int32Array(0);

/** One parameter with its state arrays (each the parameter's full size), in slot order. */
interface Entry {
  param: Parameter;
  state: Float32Array[];
  /** Row length of a sparse table. */
  dim: number;
  /** Non-lazy sparse tables only: for each row, its position in `sparseGrad.rows`, or -1. */
  gradRow: Int32Array | undefined;
}

/**
 * The part shared by optimizers whose update of each element reads only that element's
 * weight, gradient and state (SGD, Adam, Adagrad): which elements to visit for a dense
 * parameter, a lazy sparse table and a non-lazy one, the L2 term, and checkpointed state.
 * A subclass supplies `update` over one contiguous run of elements.
 */
export abstract class ElementwiseOptimizer implements Optimizer {
  lr: number;
  readonly lazy: boolean;
  private steps = 0;
  private readonly entries: Entry[];
  /** The gradient of a row a non-lazy table did not see in this batch. */
  private readonly zeroRow: Float32Array;

  protected constructor(
    params: readonly Parameter[],
    opts: OptimizerOptions,
    private readonly slots: readonly string[],
    initialState = 0,
  ) {
    this.lr = opts.lr;
    this.lazy = opts.lazy ?? true;
    let maxDim = 0;
    this.entries = params
      .filter((p) => !p.opts.buffer)
      .map((param) => {
        const rows = param.sparse ? (param.shape[0] ?? 0) : 0;
        const dim = rows > 0 ? param.size / rows : 0;
        if (param.sparse && !this.lazy) maxDim = Math.max(maxDim, dim);
        return {
          param,
          state: slots.map(() => new Float32Array(param.size).fill(initialState)),
          dim,
          gradRow: param.sparse && !this.lazy ? new Int32Array(rows).fill(-1) : undefined,
        };
      });
    this.zeroRow = new Float32Array(maxDim);
  }

  get stepCount(): number {
    return this.steps;
  }

  /**
   * Updates `length` elements of `weight` from `offset`, reading their gradient from
   * `grad` at `gradOffset` and adding `l2` times the weight to it. `state` holds the
   * parameter's full-size state arrays in slot order, indexed like `weight`.
   */
  protected abstract update(
    weight: Float32Array,
    offset: number,
    length: number,
    grad: Float32Array,
    gradOffset: number,
    l2: number,
    state: Float32Array[],
  ): void;

  step(): void {
    this.steps++;
    for (const entry of this.entries) {
      const { param, state } = entry;
      const l2 = param.opts.l2 ?? 0;
      if (!param.sparse) this.update(param.data, 0, param.size, param.grad, 0, l2, state);
      else if (this.lazy) this.stepLazy(entry, l2);
      else this.stepSparseAsDense(entry, l2);
    }
  }

  private stepLazy({ param, state, dim }: Entry, l2: number): void {
    const grad = param.sparseGrad;
    if (!grad) return;
    const rows = grad.rows;
    for (let k = 0; k < rows.length; k++) {
      this.update(param.data, (rows[k] as number) * dim, dim, grad.values, k * dim, l2, state);
    }
  }

  private stepSparseAsDense({ param, state, dim, gradRow }: Entry, l2: number): void {
    const position = gradRow as Int32Array;
    const rows = param.sparseGrad?.rows ?? NO_ROWS;
    const values = param.sparseGrad?.values ?? this.zeroRow;
    for (let k = 0; k < rows.length; k++) position[rows[k] as number] = k;
    for (let r = 0; r < position.length; r++) {
      const k = position[r] as number;
      if (k >= 0) this.update(param.data, r * dim, dim, values, k * dim, l2, state);
      else this.update(param.data, r * dim, dim, this.zeroRow, 0, l2, state);
    }
    for (let k = 0; k < rows.length; k++) position[rows[k] as number] = -1;
  }

  stateTensors(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const { param, state } of this.entries) {
      this.slots.forEach((slot, s) => {
        out[`${param.name}.${slot}`] = state[s] as Float32Array;
      });
    }
    return out;
  }

  loadState(state: Record<string, Float32Array>, stepCount: number): void {
    const expected = this.stateTensors();
    const unexpected = Object.keys(state).filter((key) => !(key in expected));
    if (unexpected.length > 0) {
      throw new MtrecError(
        "MODEL_FILE",
        `mtrec: optimizer state has tensors this ${this.constructor.name} does not keep: ${unexpected.join(", ")}. ` +
          "Was the checkpoint written by another optimizer or model?",
      );
    }
    for (const [key, target] of Object.entries(expected)) {
      const source = state[key];
      if (!source)
        throw new MtrecError(
          "MODEL_FILE",
          `mtrec: optimizer state is missing "${key}"; the checkpoint does not match this ${this.constructor.name}.`,
        );
      if (source.length !== target.length) {
        throw new MtrecError("MODEL_FILE", `mtrec: optimizer state "${key}" has ${source.length} values, expected ${target.length}.`);
      }
    }
    if (!Number.isInteger(stepCount) || stepCount < 0) {
      throw new MtrecError("MODEL_FILE", `mtrec: optimizer step count must be a non-negative integer, got ${stepCount}.`);
    }
    for (const [key, target] of Object.entries(expected)) target.set(state[key] as Float32Array);
    this.steps = stepCount;
  }
}
