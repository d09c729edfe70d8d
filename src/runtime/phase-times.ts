/**
 * Milliseconds spent per named phase, summed over calls: where a training step's time goes.
 * Timing costs two clock reads per phase, so callers take one only when asked to profile.
 */
export type PhaseTimes = Record<string, number>;

/** Adds the time since `since` to `phase` and returns the clock now, to chain phases. */
export function lap(times: PhaseTimes | undefined, phase: string, since: number): number {
  const now = performance.now();
  if (times) times[phase] = (times[phase] ?? 0) + (now - since);
  return now;
}
