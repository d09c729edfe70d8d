import { MtrecError } from "../../errors.js";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { Rng } from "../../nn/rng.js";

/**
 * The synthetic two-task regression data of the MMoE paper (Ma et al., "Modeling Task
 * Relationships in Multi-task Learning with Multi-gate Mixture-of-Experts", KDD 2018, §4.1):
 *
 *   u1 ⟂ u2 unit vectors in R^d,  w1 = c·u1,  w2 = c·(p·u1 + sqrt(1 − p²)·u2)
 *   x ~ N(0, I_d),  y_t = w_tᵀx + Σ_{i=1..m} sin(α_i·w_tᵀx + β_i) + ε,  ε ~ N(0, σ²)
 *
 * so the Pearson correlation of the tasks' linear parts is exactly p (the cosine of w1 and
 * w2), and the sines make the tasks' relation nonlinear without changing that.
 */
export type MmoePreset = "reproduction" | "integer";

export interface SynthMmoeOptions {
  rows: number;
  /** p, the cosine of the tasks' weight vectors, in [-1, 1]. */
  correlation: number;
  /** Fixes the task parameters (u1, u2, and α, β in the "reproduction" preset). */
  seed: number;
  /**
   * Fixes the rows (x and the noise); default: drawn from `seed` too. Rows are drawn one after
   * another, so with one seed 1,000 rows are the first 1,000 of 2,000. Give a validation file
   * the same `seed` (same tasks) and another `rowSeed` (other rows).
   */
  rowSeed?: number;
  /**
   * "reproduction": c = 0.3, m = 5, α_i and β_i drawn from N(0, 1), σ = 0.1.
   * "integer": c = 1, m = 10, α_i = i, β_i = i², σ = 0.1. Default "reproduction".
   */
  preset?: MmoePreset;
  /** d, default 100 as in the paper. */
  dim?: number;
}

export interface SynthMmoe {
  /** [rows, dim], row-major. */
  x: Float32Array;
  y1: Float32Array;
  y2: Float32Array;
}

/** The parameters shared by every row of one seed. */
export interface MmoeTasks {
  w1: Float64Array;
  w2: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
  sigma: number;
}

export function synthMmoe(opts: SynthMmoeOptions): SynthMmoe {
  const { rows, dim = 100 } = opts;
  if (!Number.isInteger(rows) || rows < 0)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: synth mmoe: rows must be a whole number ≥ 0, got ${rows}`);
  const root = new Rng(opts.seed);
  const tasks = mmoeTasks(root.fork(), opts.correlation, opts.preset ?? "reproduction", dim);
  const rng = opts.rowSeed === undefined ? root.fork() : new Rng(opts.rowSeed);
  const x = new Float32Array(rows * dim);
  const y1 = new Float32Array(rows);
  const y2 = new Float32Array(rows);
  const row = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < dim; k++) {
      row[k] = rng.normal();
      x[r * dim + k] = row[k] as number;
    }
    y1[r] = response(tasks, tasks.w1, row) + tasks.sigma * rng.normal();
    y2[r] = response(tasks, tasks.w2, row) + tasks.sigma * rng.normal();
  }
  return { x, y1, y2 };
}

/** Draws the task parameters; exported so tests and benchmarks can see the true weights. */
export function mmoeTasks(rng: Rng, correlation: number, preset: MmoePreset, dim: number): MmoeTasks {
  if (!(correlation >= -1 && correlation <= 1)) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: synth mmoe: correlation must be in [-1, 1] (it is the cosine of the two tasks' weight vectors), got ${correlation}`,
    );
  }
  if (!Number.isInteger(dim) || dim < 2)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: synth mmoe: dim must be a whole number ≥ 2 (two orthogonal directions), got ${dim}`);
  if (preset !== "reproduction" && preset !== "integer") {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: synth mmoe: unknown preset ${JSON.stringify(preset)}; known: "reproduction", "integer"`);
  }
  const [u1, u2] = orthonormalPair(rng, dim);
  const c = preset === "integer" ? 1 : 0.3;
  const m = preset === "integer" ? 10 : 5;
  const across = Math.sqrt(Math.max(0, 1 - correlation * correlation));
  const w1 = u1.map((v) => c * v);
  const w2 = u1.map((v, k) => c * (correlation * v + across * (u2[k] as number)));
  const alpha = Float64Array.from({ length: m }, (_, i) => (preset === "integer" ? i + 1 : rng.normal()));
  const beta = Float64Array.from({ length: m }, (_, i) => (preset === "integer" ? (i + 1) ** 2 : rng.normal()));
  return { w1, w2, alpha, beta, sigma: 0.1 };
}

/** Writes `x0..x{d-1},y1,y2` with a header, values to 6 decimals, replacing `path` atomically. */
export async function writeSynthMmoeCsv(path: string, opts: SynthMmoeOptions): Promise<void> {
  const dim = opts.dim ?? 100;
  const { x, y1, y2 } = synthMmoe(opts);
  const lines = [[...Array.from({ length: dim }, (_, k) => `x${k}`), "y1", "y2"].join(",")];
  const fields = new Array<string>(dim + 2);
  for (let r = 0; r < y1.length; r++) {
    for (let k = 0; k < dim; k++) fields[k] = decimals6(x[r * dim + k] as number);
    fields[dim] = decimals6(y1[r] as number);
    fields[dim + 1] = decimals6(y2[r] as number);
    lines.push(fields.join(","));
  }
  await writeFileAtomic(path, `${lines.join("\n")}\n`);
}

function response(tasks: MmoeTasks, w: Float64Array, x: Float64Array): number {
  let linear = 0;
  for (let k = 0; k < x.length; k++) linear += (w[k] as number) * (x[k] as number);
  let y = linear;
  for (let i = 0; i < tasks.alpha.length; i++) y += Math.sin((tasks.alpha[i] as number) * linear + (tasks.beta[i] as number));
  return y;
}

/** Gram–Schmidt on two Gaussian vectors: a uniformly random orthonormal pair. */
function orthonormalPair(rng: Rng, dim: number): [Float64Array, Float64Array] {
  const a = Float64Array.from({ length: dim }, () => rng.normal());
  const b = Float64Array.from({ length: dim }, () => rng.normal());
  const u1 = scale(a, 1 / norm(a));
  const along = dot(b, u1);
  for (let k = 0; k < dim; k++) b[k] = (b[k] as number) - along * (u1[k] as number);
  return [u1, scale(b, 1 / norm(b))];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scale(a: Float64Array, s: number): Float64Array {
  return a.map((v) => v * s);
}

function decimals6(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}
