import { type Comparison, CVR_SECTION } from "../train/compare.js";
import type { EvalReport } from "../train/evaluate.js";
import { fmt, table } from "./table.js";

const ORDER = ["auc", "gauc", "ks", "logloss", "meanPred", "meanLabel", "mse", "rmse", "mae", "r2"];

function sortMetrics(names: string[]): string[] {
  return [...names].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
}

export function formatEval(report: EvalReport): string {
  const parts: string[] = [];
  for (const [task, metrics] of Object.entries(report.tasks)) {
    const names = sortMetrics(Object.keys(metrics));
    parts.push(
      `${task}\n${table(
        ["metric", "value"],
        names.map((n) => [n, fmt(metrics[n])]),
      )}`,
    );
  }
  if (report.cvr) {
    const rows = Object.entries(report.cvr).map(([k, v]) => [k, fmt(v)]);
    parts.push(`CVR (aucO: clicked rows; aucD, ieb: every exposure against the simulator's truth)\n${table(["metric", "value"], rows)}`);
  }
  // a PLE's lower levels after the last level's gates, each named `<level>/<task>` or `<level>/shared`
  for (const [task, usage] of [...Object.entries(report.gates ?? {}), ...Object.entries(report.levelGates ?? {})]) {
    parts.push(
      `${task}: mean gate weight per expert\n${table(
        ["expert", "weight"],
        Object.entries(usage).map(([e, w]) => [e, fmt(w, 3)]),
      )}`,
    );
  }
  return parts.join("\n\n");
}

/** The columns of a comparison table; the JSON output carries every metric. */
const COMPARED = { binary: ["auc", "gauc", "logloss", "meanPred", "meanLabel"], regression: ["mse", "r2"] };

export function formatComparison(c: Comparison, seeds: number): string {
  const parts: string[] = [];
  for (const task of c.tasks) {
    const models = Object.keys(c.models);
    const metrics = COMPARED[task.type].filter((k) => models.some((m) => c.models[m]?.[task.name]?.[k] !== undefined));
    const rows = models.map((m) => [
      m,
      ...metrics.map((k) => {
        const s = c.models[m]?.[task.name]?.[k];
        return s ? `${fmt(s.mean)} ± ${fmt(s.std)}` : "n/a";
      }),
    ]);
    parts.push(
      `task ${task.name} (${task.type}; validation, mean ± std over ${seeds} seed${seeds > 1 ? "s" : ""})\n${table(["model", ...metrics], rows)}`,
    );
  }
  const cvrModels = Object.keys(c.models).filter((m) => c.models[m]?.[CVR_SECTION]);
  if (cvrModels.length > 0) {
    const metrics = ["aucO", "aucD", "ieb", "iebRelative", "crr"].filter((k) =>
      cvrModels.some((m) => c.models[m]?.[CVR_SECTION]?.[k] !== undefined),
    );
    const rows = cvrModels.map((m) => [
      m,
      ...metrics.map((k) => {
        const s = c.models[m]?.[CVR_SECTION]?.[k];
        return s ? `${fmt(s.mean)} ± ${fmt(s.std)}` : "n/a";
      }),
    ]);
    parts.push(
      `CVR on clicked rows (aucO) and on every exposure against the simulator's truth (aucD, IEB = mean pCVR − mean true CVR, CRR)\n${table(["model", ...metrics], rows)}`,
    );
  }
  const flags: string[] = [];
  for (const f of c.flags.negativeTransfer) {
    flags.push(
      `negative transfer: ${f.model} on ${f.task} (${f.metric} ${fmt(f.value)} vs ${fmt(f.baseline)} alone, p ${f.p < 0.001 ? "< 0.001" : `= ${fmt(f.p, 3)}`})`,
    );
  }
  for (const s of c.flags.seesaw)
    flags.push(`seesaw: ${s.model} gains on ${s.up.join(", ")} but loses on ${s.down.join(", ")} against single`);
  if (!Object.keys(c.models).includes("single")) return parts.join("\n\n");
  if (c.flags.note) parts.push(`transfer flags: ${c.flags.note}`);
  else
    parts.push(
      `${flags.length > 0 ? flags.join("\n") : "no negative transfer: no model does significantly worse than single on any task"} (${c.flags.test})`,
    );
  return parts.join("\n\n");
}
