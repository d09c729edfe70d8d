import { MtrecError } from "../errors.js";
import type { Parameter } from "../nn/parameter.js";
import type { Optimizer } from "./optimizer.js";

interface Entry {
  param: Parameter;
  /** Σ (1-β) β^(t-s) θ_s, zero at the start; divided by 1 - β^t when swapped in. */
  average: Float32Array;
  /** Lazy sparse tables: the step each row's average was last brought up to. */
  last: Float32Array | undefined;
  dim: number;
}

/**
 * An exponential moving average of the weights (Polyak averaging with decay β) kept beside an
 * optimizer. The weights of one step carry the optimizer's noise; their average moves like the
 * loss's minimum, so predictions read from it — a mean CVR, a calibration — swing less from one
 * epoch to the next. `swapIn()` puts the bias-corrected average into the parameters for
 * evaluation and saving, `swapOut()` returns the training weights.
 *
 * A lazy sparse table only moves the rows of the batch, and a row that does not move adds its
 * constant value to the average at every step: that is caught up in one go when the row moves
 * next (θ̄ ← β^k θ̄ + (1 - β^k) θ after k still steps), so the cost per step is the batch's
 * rows, as for the optimizer, and the result equals averaging every row at every step.
 *
 * Its state (the averages, keyed `ema:<param>`, and the rows' last steps) rides along in the
 * optimizer's checkpoint, so a resumed run averages as an uninterrupted one.
 */
export class Averaged implements Optimizer {
  private readonly entries: Entry[];
  private swapped: Float32Array[] | undefined;

  constructor(
    readonly inner: Optimizer,
    params: readonly Parameter[],
    readonly decay: number,
    /** Whether the optimizer moves only a sparse table's batch rows (true for mtrec's optimizers' default). */
    lazy = true,
  ) {
    if (!(decay > 0 && decay < 1)) throw new MtrecError("BAD_CONFIG", `mtrec: the weight average's decay must be in (0, 1), got ${decay}`);
    this.entries = params
      .filter((p) => !p.opts.buffer)
      .map((param) => {
        const rows = param.sparse && lazy ? (param.shape[0] ?? 0) : 0;
        return {
          param,
          average: new Float32Array(param.size),
          last: rows > 0 ? new Float32Array(rows) : undefined,
          dim: rows > 0 ? param.size / rows : 0,
        };
      });
  }

  get lr(): number {
    return this.inner.lr;
  }
  set lr(value: number) {
    this.inner.lr = value;
  }
  get stepCount(): number {
    return this.inner.stepCount;
  }

  step(): void {
    if (this.swapped) throw new MtrecError("GRAPH", "mtrec: a training step with the averaged weights swapped in; call swapOut() first");
    const before = this.inner.stepCount;
    // rows about to move first add the steps they stood still, at their old value
    for (const e of this.entries) if (e.last) for (const row of e.param.sparseGrad?.rows ?? []) this.catchUp(e, row, before);
    this.inner.step();
    const t = this.inner.stepCount;
    const b = this.decay;
    for (const e of this.entries) {
      const { average, param } = e;
      const w = param.data;
      if (!e.last) {
        for (let i = 0; i < w.length; i++) average[i] = b * (average[i] as number) + (1 - b) * (w[i] as number);
        continue;
      }
      for (const row of param.sparseGrad?.rows ?? []) {
        for (let i = row * e.dim, end = i + e.dim; i < end; i++) average[i] = b * (average[i] as number) + (1 - b) * (w[i] as number);
        e.last[row] = t;
      }
    }
  }

  /** Brings a row's average up to step t, the row having held its current value since it last moved. */
  private catchUp(e: Entry, row: number, t: number): void {
    const last = e.last as Float32Array;
    const k = t - (last[row] as number);
    if (k <= 0) return;
    const f = this.decay ** k;
    const { average } = e;
    const w = e.param.data;
    for (let i = row * e.dim, end = i + e.dim; i < end; i++) average[i] = f * (average[i] as number) + (1 - f) * (w[i] as number);
    last[row] = t;
  }

  /** Puts the bias-corrected average into the parameters (the training weights are kept aside). */
  swapIn(): void {
    if (this.swapped) return;
    const t = this.inner.stepCount;
    this.swapped = this.entries.map((e) => e.param.data.slice());
    if (t === 0) return;
    const correction = 1 / (1 - this.decay ** t);
    for (const e of this.entries) {
      if (e.last) for (let row = 0; row < e.last.length; row++) this.catchUp(e, row, t);
      const w = e.param.data;
      for (let i = 0; i < w.length; i++) w[i] = (e.average[i] as number) * correction;
    }
  }

  /** Returns the training weights after {@link swapIn}. */
  swapOut(): void {
    if (!this.swapped) return;
    this.entries.forEach((e, i) => {
      e.param.data.set(this.swapped?.[i] as Float32Array);
    });
    this.swapped = undefined;
  }

  stateTensors(): Record<string, Float32Array> {
    const out = { ...this.inner.stateTensors() };
    for (const e of this.entries) {
      out[`ema:${e.param.name}`] = e.average;
      if (e.last) out[`ema-last:${e.param.name}`] = e.last;
    }
    return out;
  }

  loadState(state: Record<string, Float32Array>, stepCount: number): void {
    const own: Record<string, Float32Array> = {};
    const inner: Record<string, Float32Array> = {};
    for (const [key, value] of Object.entries(state)) (key.startsWith("ema:") || key.startsWith("ema-last:") ? own : inner)[key] = value;
    for (const e of this.entries) {
      for (const [key, target] of [
        [`ema:${e.param.name}`, e.average] as const,
        ...(e.last ? [[`ema-last:${e.param.name}`, e.last] as const] : []),
      ]) {
        const source = own[key];
        if (!source || source.length !== target.length)
          throw new MtrecError(
            "MODEL_FILE",
            `mtrec: the checkpoint has no weight average "${key}" of ${target.length} values; was it written without train.ema?`,
          );
      }
    }
    this.inner.loadState(inner, stepCount);
    for (const e of this.entries) {
      e.average.set(own[`ema:${e.param.name}`] as Float32Array);
      if (e.last) e.last.set(own[`ema-last:${e.param.name}`] as Float32Array);
    }
  }
}
