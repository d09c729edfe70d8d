/** Mean gate weight of each expert over the evaluated rows, keyed by expert name. */
export type GateUsage = Record<string, number>;

/**
 * How much a task leans on each expert: the mean of its gate weights over the rows. Tasks
 * that lean on different experts are what MMoE's per-task gates are for; equal usage
 * everywhere means the gates learned nothing task-specific.
 */
export function gateUsage(weights: Float32Array, experts: number, names?: string[]): GateUsage {
  const rows = weights.length / experts;
  const sums = new Float64Array(experts);
  for (let r = 0; r < rows; r++) for (let e = 0; e < experts; e++) sums[e] = (sums[e] as number) + (weights[r * experts + e] as number);
  const usage: GateUsage = {};
  for (let e = 0; e < experts; e++) usage[names?.[e] ?? `expert/${e}`] = rows > 0 ? (sums[e] as number) / rows : Number.NaN;
  return usage;
}
