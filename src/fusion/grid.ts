import { MtrecError } from "../errors.js";

export type GridBox = Record<string, { min: number; max: number; steps: number }>;
export type SearchResult = { weights: Record<string, number>; objective: number; evaluations: number };

/** Above this many points a grid search is almost surely a mistake; use CrossEntropy instead. */
export const MAX_GRID_POINTS = 10_000_000;

/**
 * Evaluates every point of the box (steps evenly spaced values from min to max per task; one step means min) and
 * returns the one with the largest objective. Points are visited with the last task varying fastest; on equal
 * objectives the first visited wins, and a NaN objective never wins (all NaN: objective NaN, empty weights).
 */
export function gridSearch(box: GridBox, evaluate: (weights: Record<string, number>) => number): SearchResult {
  const tasks = Object.keys(box);
  if (tasks.length === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: gridSearch: the box holds no task");
  let total = 1;
  for (const task of tasks) {
    const { min, max, steps } = box[task]!;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: gridSearch: task "${task}" needs finite min ≤ max, got min ${min}, max ${max}`);
    }
    if (!Number.isInteger(steps) || steps < 1)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: gridSearch: task "${task}" needs a whole number of steps ≥ 1, got ${steps}`);
    total *= steps;
  }
  if (total > MAX_GRID_POINTS)
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: gridSearch: the box has ${total} points, above ${MAX_GRID_POINTS}; narrow it or use CrossEntropy`,
    );
  const axes = tasks.map((task) => {
    const { min, max, steps } = box[task]!;
    return Array.from({ length: steps }, (_, i) => (steps === 1 ? min : min + ((max - min) * i) / (steps - 1)));
  });
  const index = new Array<number>(tasks.length).fill(0);
  let best: SearchResult = { weights: {}, objective: Number.NaN, evaluations: 0 };
  for (let evaluation = 0; evaluation < total; evaluation++) {
    const weights: Record<string, number> = {};
    tasks.forEach((task, t) => {
      weights[task] = axes[t]![index[t]!]!;
    });
    const objective = evaluate(weights);
    if (!Number.isNaN(objective) && (Number.isNaN(best.objective) || objective > best.objective))
      best = { weights, objective, evaluations: 0 };
    for (let t = tasks.length - 1; t >= 0; t--) {
      index[t]!++;
      if (index[t]! < axes[t]!.length) break;
      index[t] = 0;
    }
  }
  return { ...best, evaluations: total };
}
