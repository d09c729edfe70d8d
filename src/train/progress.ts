import cliProgress from "cli-progress";

/** Epoch progress on stderr: samples/s and running losses; silent when stderr is not a terminal. */
export class Progress {
  private bar: cliProgress.SingleBar | undefined;
  constructor(private readonly enabled = Boolean(process.stderr.isTTY)) {}

  start(epoch: number, epochs: number, steps: number): void {
    if (!this.enabled) return;
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} steps | {rate} samples/s | {losses}`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(steps, 0, { rate: "-", losses: "" });
  }

  update(step: number, samplesPerSec: number, losses: Record<string, number>): void {
    const text = Object.entries(losses)
      .map(([t, l]) => `${t} ${l.toFixed(4)}`)
      .join("  ");
    this.bar?.update(step, { rate: Math.round(samplesPerSec).toLocaleString("en-US"), losses: text });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
