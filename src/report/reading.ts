import { welchTest } from "../analysis/welch.js";
import { type Comparison, CVR_SECTION } from "../train/compare.js";

const ALPHA = 0.05;
const LOWER_IS_BETTER = new Set(["mse", "rmse", "mae", "logloss", "absIeb"]);

function pText(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * One sentence about one metric: which architectures are within noise of the best (Welch's
 * t-test over the seeds, two-sided, α = 0.05) and which are behind it. Says nothing where
 * the seeds cannot tell (fewer than 2).
 */
function readMetric(c: Comparison, seeds: number, section: string, metric: string, label: string): string | undefined {
  const summaries = Object.entries(c.models)
    .map(([model, t]) => ({ model, s: t[section]?.[metric] }))
    .filter((x): x is { model: string; s: { mean: number; std: number } } => x.s !== undefined && Number.isFinite(x.s.mean));
  if (summaries.length < 2) return undefined;
  const lower = LOWER_IS_BETTER.has(metric);
  const best = summaries.reduce((a, b) => ((lower ? b.s.mean < a.s.mean : b.s.mean > a.s.mean) ? b : a));
  const level: string[] = [best.model];
  const behind: string[] = [];
  let largestP = 0;
  let smallestP = 1;
  for (const x of summaries) {
    if (x === best) continue;
    const { p } = welchTest({ ...x.s, n: seeds }, { ...best.s, n: seeds });
    if (p < ALPHA) {
      behind.push(x.model);
      smallestP = Math.min(smallestP, p);
    } else {
      level.push(x.model);
      largestP = Math.max(largestP, Number.isNaN(p) ? 1 : p);
    }
  }
  const value = (m: { s: { mean: number } }) => m.s.mean.toFixed(4);
  if (behind.length === 0) {
    const means = summaries.map((x) => x.s.mean);
    const gap = Math.max(...means) - Math.min(...means);
    const spread = Math.max(...summaries.map((x) => x.s.std));
    return `${label}: ${list(level)} are within noise of each other (Welch's test against the best, ${best.model} at ${value(best)}: every p > ${ALPHA}); the largest gap between means, ${gap.toFixed(4)}, is ${spread > 0 ? `${(gap / spread).toFixed(1)} times` : "against"} the largest std over seeds (${spread.toFixed(4)}), ${gap > 2 * spread ? `large against that spread, but ${seeds} seeds leave Welch's test too few degrees of freedom to call it` : `too little to stand out with ${seeds} seeds`}.`;
  }
  const lead =
    level.length === 1
      ? `${best.model} is ahead (${value(best)})`
      : `${list(level)} are level at the top (best ${best.model}, ${value(best)})`;
  return `${label}: ${lead}; ${list(behind)} ${behind.length === 1 ? "is" : "are"} behind beyond noise (${pText(smallestP)} at most).`;
}

/**
 * A short reading of a comparison in words, honest to its numbers: per task, who is level
 * and who is behind by Welch's test over the seeds; for funnel models, the same for the CVR
 * bias on every exposure; and what the seed count allows.
 */
export function readComparison(c: Comparison, seeds: number): string[] {
  if (seeds < 2)
    return [
      `With ${seeds} seed per architecture the runs' own spread is unknown, so no difference can be told from noise; give --seeds 3 or more.`,
    ];
  const lines: string[] = [];
  for (const task of c.tasks) {
    const metric = c.flagMetric[task.name] ?? "auc";
    const line = readMetric(c, seeds, task.name, metric, `${task.name} (${metric.toUpperCase()})`);
    if (line) lines.push(line);
  }
  const funnel = Object.values(c.models).some((t) => t[CVR_SECTION]?.ieb !== undefined);
  if (funnel) {
    // |IEB| is what to minimise, and a sign change between seeds would make the mean of IEB misleading
    const withAbs: Comparison = {
      ...c,
      models: Object.fromEntries(
        Object.entries(c.models).map(([m, t]) => {
          const ieb = t[CVR_SECTION]?.ieb;
          return [m, ieb ? { ...t, [CVR_SECTION]: { ...t[CVR_SECTION], absIeb: { mean: Math.abs(ieb.mean), std: ieb.std } } } : t];
        }),
      ),
    };
    const bias = readMetric(withAbs, seeds, CVR_SECTION, "absIeb", "CVR bias on every exposure (|IEB|, lower is better)");
    if (bias) lines.push(bias);
    const aucD = readMetric(c, seeds, CVR_SECTION, "aucD", "CVR AUC on every exposure (aucD)");
    if (aucD) lines.push(aucD);
  }
  if (seeds < 3)
    lines.push(
      `With ${seeds} seeds per architecture only large differences can show as beyond noise: "within noise" here means not shown different, not shown equal.`,
    );
  return lines;
}
