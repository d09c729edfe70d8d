/**
 * Mean and standard deviation of a dense column, skipping missing values. Welford's update:
 * summing squares in one pass loses every digit on columns like Unix times (1e9 squared).
 */
export class DenseStats {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  missing = 0;

  add(value: number): void {
    if (Number.isNaN(value)) {
      this.missing++;
      return;
    }
    this.n++;
    const delta = value - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (value - this.mean);
  }

  /** Population statistics; a constant or empty column gets std 1, so standardising leaves it at 0. */
  result(): { mean: number; std: number; missing: number } {
    const std = this.n > 0 ? Math.sqrt(this.m2 / this.n) : 0;
    return { mean: this.mean, std: std > 0 ? std : 1, missing: this.missing };
  }
}
