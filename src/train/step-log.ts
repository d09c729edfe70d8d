/** What `steps.json` in a model directory holds: the training curve, thinned. */
export interface StepLogFile {
  /** Steps counted from 1 over the whole run; one entry per kept point. */
  step: number[];
  epoch: number[];
  /** Per loss term (each task's loss, a funnel model's own terms): its value at each kept step. */
  loss: Record<string, number[]>;
  /** Per term of a weighting strategy: its weight at each kept step. */
  weight: Record<string, number[]>;
}

/** The most points kept: enough for a smooth curve, few enough to embed in a page. */
export const STEP_LOG_POINTS = 400;

/**
 * Keeps every `stride`-th step; when the log is full, drops every other point and doubles
 * the stride, so any run ends with between half and all of `capacity` evenly spaced points
 * at O(1) cost per step. The values it takes are the ones the step already read back.
 */
export class StepLog {
  private stride = 1;
  private count = 0;
  private readonly kept: StepLogFile = { step: [], epoch: [], loss: {}, weight: {} };

  constructor(private readonly capacity = STEP_LOG_POINTS) {}

  add(epoch: number, losses: { name: string; value: number }[], weights: Record<string, number>): void {
    this.count++;
    if ((this.count - 1) % this.stride !== 0) return;
    const k = this.kept;
    k.step.push(this.count);
    k.epoch.push(epoch);
    for (const l of losses) append(k.loss, l.name, l.value);
    for (const [name, w] of Object.entries(weights)) append(k.weight, name, w);
    if (k.step.length >= this.capacity) this.halve();
  }

  private halve(): void {
    const even = <T>(xs: T[]): T[] => xs.filter((_, i) => i % 2 === 0);
    const k = this.kept;
    k.step = even(k.step);
    k.epoch = even(k.epoch);
    for (const name of Object.keys(k.loss)) k.loss[name] = even(k.loss[name] as number[]);
    for (const name of Object.keys(k.weight)) k.weight[name] = even(k.weight[name] as number[]);
    this.stride *= 2;
  }

  toJSON(): StepLogFile {
    return this.kept;
  }
}

function append(series: Record<string, number[]>, name: string, value: number): void {
  const values = series[name];
  if (values) values.push(value);
  else series[name] = [value];
}
