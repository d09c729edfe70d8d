export interface WeightSummary {
  mean: Record<string, number>;
  last: Record<string, number>;
  /** Evenly spaced samples over the epoch, oldest first. */
  trajectory: Record<string, number>[];
}

const POINTS = 20;

/** Collects a strategy's weights step by step and summarises them per epoch. */
export class WeightLog {
  private readonly all: Record<string, number>[] = [];

  add(w: Record<string, number>): void {
    this.all.push(w);
  }

  take(): WeightSummary {
    const n = this.all.length;
    const names = Object.keys(this.all[0] ?? {});
    const mean = Object.fromEntries(names.map((k) => [k, this.all.reduce((s, w) => s + (w[k] ?? 0), 0) / Math.max(n, 1)]));
    const stride = Math.max(1, Math.ceil(n / POINTS));
    const trajectory = this.all.filter((_, i) => i % stride === 0 || i === n - 1);
    return { mean, last: { ...(this.all[n - 1] ?? {}) }, trajectory };
  }
}
