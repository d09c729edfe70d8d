import { MtrecError } from "../errors.js";
import { Rng } from "../nn/rng.js";

/**
 * The cross-entropy method (Rubinstein 1999) for fusion weights: sample M weight vectors from independent normals
 * N(μ_k, σ_k²), keep the P best by objective, and move μ, σ toward their mean and (population) std with smoothing α:
 * μ ← α·μ_elite + (1 − α)·μ, σ ← max(minStd, α·σ_elite + (1 − α)·σ).
 */
export type CrossEntropyOptions = {
  tasks: string[];
  mean: Record<string, number>;
  std: Record<string, number>;
  /** M, weight vectors per round. */
  arms: number;
  /** P, the best vectors of a round that update μ and σ. */
  elite: number;
  /** α in (0, 1]; 1 replaces μ, σ by the elite's. Larger α converges faster but collapses σ early more often. Default 0.6. */
  smoothing?: number;
  /** Floor on each σ_k, so the search never collapses to a point. Default 1e-6. */
  minStd?: number;
  /**
   * Clip sampled weights at 0 (max(0, w)). Clipping, not |w|, keeps 0 reachable ("turn this task off") and does not
   * reflect mass away from 0, which would bias the elite mean upward.
   */
  positive?: boolean;
  seed: number;
};

export type Evaluated = { weights: Record<string, number>; objective: number };
export type CrossEntropyResult = Evaluated & { evaluations: number; rounds: number };

export class CrossEntropy {
  readonly tasks: string[];
  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;
  private readonly arms: number;
  private readonly elite: number;
  private readonly smoothing: number;
  private readonly minStd: number;
  private readonly positive: boolean;
  private readonly rng: Rng;
  private bestSeen: Evaluated | undefined;
  private evaluations = 0;
  private rounds = 0;

  constructor(options: CrossEntropyOptions) {
    const { tasks, arms, elite, smoothing = 0.6, minStd = 1e-6, positive = false, seed } = options;
    if (!Array.isArray(tasks) || tasks.length === 0 || new Set(tasks).size !== tasks.length) {
      throw new MtrecError("BAD_ARGUMENT", "mtrec: CrossEntropy: tasks must be a non-empty list of distinct names");
    }
    for (const [name, record] of [
      ["mean", options.mean],
      ["std", options.std],
    ] as const) {
      for (const task of Object.keys(record)) {
        if (!tasks.includes(task))
          throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy: ${name} for unknown task "${task}"; tasks: ${tasks.join(", ")}`);
      }
      for (const task of tasks) {
        if (!Number.isFinite(record[task]))
          throw new MtrecError(
            "BAD_ARGUMENT",
            `mtrec: CrossEntropy: ${name} for task "${task}" must be a finite number, got ${record[task]}`,
          );
      }
    }
    for (const task of tasks) {
      if (options.std[task]! <= 0)
        throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy: std for task "${task}" must be > 0, got ${options.std[task]}`);
    }
    if (!Number.isInteger(arms) || arms < 1)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy: arms must be a whole number ≥ 1, got ${arms}`);
    if (!Number.isInteger(elite) || elite < 1 || elite > arms) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy: elite must be a whole number in [1, arms = ${arms}], got ${elite}`);
    }
    if (!(smoothing > 0 && smoothing <= 1))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy: smoothing must be in (0, 1], got ${smoothing}`);
    if (!(minStd >= 0 && Number.isFinite(minStd)))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy: minStd must be a finite number ≥ 0, got ${minStd}`);
    this.tasks = [...tasks];
    this.mu = Float64Array.from(tasks, (t) => options.mean[t]!);
    this.sigma = Float64Array.from(tasks, (t) => Math.max(options.std[t]!, minStd));
    this.arms = arms;
    this.elite = elite;
    this.smoothing = smoothing;
    this.minStd = minStd;
    this.positive = positive;
    this.rng = new Rng(seed);
  }

  /** M weight vectors sampled from the current N(μ, σ²). */
  ask(): Record<string, number>[] {
    return Array.from({ length: this.arms }, () => {
      const weights: Record<string, number> = {};
      this.tasks.forEach((task, t) => {
        const w = this.mu[t]! + this.sigma[t]! * this.rng.normal();
        weights[task] = this.positive ? Math.max(0, w) : w;
      });
      return weights;
    });
  }

  /** Updates μ, σ from the P best results (NaN objectives rank last; equal objectives keep their order). */
  tell(results: Evaluated[]): void {
    if (results.length < this.elite) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy.tell: got ${results.length} results, needs at least elite = ${this.elite}`);
    }
    for (const { weights } of results) {
      for (const task of this.tasks) {
        if (!Number.isFinite(weights[task]))
          throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy.tell: a result has no finite weight for task "${task}"`);
      }
    }
    const score = (r: Evaluated): number => (Number.isNaN(r.objective) ? Number.NEGATIVE_INFINITY : r.objective);
    // Array sort is stable, so equal objectives keep the order they were told in.
    const ranked = [...results].sort((a, b) => (score(a) === score(b) ? 0 : score(b) > score(a) ? 1 : -1));
    const elites = ranked.slice(0, this.elite);
    const top = ranked[0]!;
    if (!Number.isNaN(top.objective) && (this.bestSeen === undefined || top.objective > this.bestSeen.objective)) {
      this.bestSeen = { weights: { ...top.weights }, objective: top.objective };
    }
    const a = this.smoothing;
    this.tasks.forEach((task, t) => {
      let mean = 0;
      for (const e of elites) mean += e.weights[task]!;
      mean /= elites.length;
      let variance = 0;
      for (const e of elites) variance += (e.weights[task]! - mean) ** 2;
      const std = Math.sqrt(variance / elites.length);
      this.mu[t] = a * mean + (1 - a) * this.mu[t]!;
      this.sigma[t] = Math.max(this.minStd, a * std + (1 - a) * this.sigma[t]!);
    });
    this.evaluations += results.length;
    this.rounds++;
  }

  /** True once every σ_k is at most tolerance (never, if tolerance < minStd). */
  converged(tolerance: number): boolean {
    return this.sigma.every((s) => s <= tolerance);
  }

  /** The best result told so far, or undefined before the first tell. */
  best(): Evaluated | undefined {
    return this.bestSeen === undefined ? undefined : { weights: { ...this.bestSeen.weights }, objective: this.bestSeen.objective };
  }

  /** The current μ and σ per task. */
  state(): { mean: Record<string, number>; std: Record<string, number> } {
    const mean: Record<string, number> = {};
    const std: Record<string, number> = {};
    this.tasks.forEach((task, t) => {
      mean[task] = this.mu[t]!;
      std[task] = this.sigma[t]!;
    });
    return { mean, std };
  }

  /**
   * Ask, evaluate one vector at a time (in order, so a seeded evaluate stays reproducible), tell; stops after
   * `rounds` rounds or once converged(tolerance).
   */
  async run(
    evaluate: (weights: Record<string, number>) => number | Promise<number>,
    options: { rounds: number; tolerance: number },
  ): Promise<CrossEntropyResult> {
    const { rounds, tolerance } = options;
    if (!Number.isInteger(rounds) || rounds < 1)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: CrossEntropy.run: rounds must be a whole number ≥ 1, got ${rounds}`);
    const first = this.rounds;
    const evaluationsBefore = this.evaluations;
    while (this.rounds - first < rounds) {
      const results: Evaluated[] = [];
      for (const weights of this.ask()) results.push({ weights, objective: await evaluate(weights) });
      this.tell(results);
      if (this.converged(tolerance)) break;
    }
    const best = this.best();
    if (best === undefined)
      throw new MtrecError("BAD_ARGUMENT", "mtrec: CrossEntropy.run: every objective was NaN; check the evaluate function");
    return { ...best, evaluations: this.evaluations - evaluationsBefore, rounds: this.rounds - first };
  }
}
