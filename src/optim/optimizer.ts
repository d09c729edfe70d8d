/**
 * Applies one update to a model's parameters from the gradients the step graph left on them.
 * `lr` is read at every step, so a schedule changes it between steps.
 */
export interface Optimizer {
  lr: number;
  /** Updates made so far; Adam's bias correction is a function of it. */
  readonly stepCount: number;
  step(): void;
  /**
   * Every state tensor, keyed `${param.name}.${slot}` (e.g. `user.embedding.m`). These are the
   * optimizer's own arrays, not copies: serialize them before the next `step()`, since a
   * copy of an embedding table's moments can cost as much memory as the table.
   */
  stateTensors(): Record<string, Float32Array>;
  /** Restores what `stateTensors()` and `stepCount` held, so training continues identically. */
  loadState(state: Record<string, Float32Array>, stepCount: number): void;
}

/** Options every optimizer takes. */
export interface OptimizerOptions {
  lr: number;
  /**
   * For row-sparse parameters: update only the rows in this batch's gradient (default), or
   * every row as a dense parameter would be, with a zero gradient for rows not seen.
   */
  lazy?: boolean;
}
