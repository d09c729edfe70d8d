export interface Summary {
  mean: number;
  std: number;
}

/** Per model, per task, per metric: the mean and standard deviation over seeds. */
export type ComparisonTable = Record<string, Record<string, Record<string, Summary>>>;

export interface TransferFlag {
  model: string;
  task: string;
  metric: string;
  /** The model's mean against the single-task baseline's mean. */
  value: number;
  baseline: number;
}

export interface TransferFlags {
  /** A task doing worse in the shared model than alone. */
  negativeTransfer: TransferFlag[];
  /** A model where some task gains over the baseline while another loses. */
  seesaw: { model: string; up: string[]; down: string[] }[];
}

const LOWER_IS_BETTER = new Set(["logloss", "mse", "rmse", "mae"]);

/**
 * Compares each model's per-task metric with the `single` baseline's: the question the
 * MMoE and PLE papers ask of shared architectures. `metricOf` picks the metric per task
 * (AUC for binary tasks, MSE for regression).
 */
export function transferFlags(table: ComparisonTable, metricOf: (task: string) => string, baseline = "single"): TransferFlags {
  const base = table[baseline];
  const flags: TransferFlags = { negativeTransfer: [], seesaw: [] };
  if (!base) return flags;
  for (const [model, tasks] of Object.entries(table)) {
    if (model === baseline) continue;
    const up: string[] = [];
    const down: string[] = [];
    for (const [task, metrics] of Object.entries(tasks)) {
      const metric = metricOf(task);
      const value = metrics[metric]?.mean;
      const alone = base[task]?.[metric]?.mean;
      if (value === undefined || alone === undefined || Number.isNaN(value) || Number.isNaN(alone) || value === alone) continue;
      const better = LOWER_IS_BETTER.has(metric) ? value < alone : value > alone;
      if (better) up.push(task);
      else {
        down.push(task);
        flags.negativeTransfer.push({ model, task, metric, value, baseline: alone });
      }
    }
    if (up.length > 0 && down.length > 0) flags.seesaw.push({ model, up, down });
  }
  return flags;
}
