import type { Comparison } from "../train/compare.js";
import { CVR_SECTION } from "../train/compare.js";
import { compareMetricsChart } from "./charts/compare-metrics.js";
import { type Cell, formatNumber, type Page, type Section, type Table } from "./page.js";
import { readComparison } from "./reading.js";

const CVR_COLUMNS = ["aucO", "aucD", "ieb", "iebRelative", "crr"];

function summaryCell(metric: string, s: { mean: number; std: number } | undefined): Cell {
  return s ? { text: `${formatNumber(s.mean)} ± ${formatNumber(s.std)}`, metric, value: s.mean } : "n/a";
}

function tables(c: Comparison, seeds: number): Table[] {
  const models = Object.keys(c.models);
  const out: Table[] = c.tasks.map((task) => {
    const metrics = (task.type === "binary" ? ["auc", "gauc", "logloss", "meanPred", "meanLabel"] : ["mse", "r2"]).filter((m) =>
      models.some((x) => c.models[x]?.[task.name]?.[m] !== undefined),
    );
    return {
      caption: `${task.name} (${task.type}): validation, mean ± std over ${seeds} seed${seeds === 1 ? "" : "s"}`,
      columns: ["model", ...metrics],
      rows: models.map((m) => [m, ...metrics.map((k) => summaryCell(`models.${m}.${task.name}.${k}.mean`, c.models[m]?.[task.name]?.[k]))]),
    };
  });
  const funnel = models.filter((m) => c.models[m]?.[CVR_SECTION]);
  if (funnel.length > 0) {
    const metrics = CVR_COLUMNS.filter((k) => funnel.some((m) => c.models[m]?.[CVR_SECTION]?.[k] !== undefined));
    out.push({
      caption: "CVR on clicked rows (aucO) and on every exposure against the simulator's truth (aucD, IEB, CRR)",
      columns: ["model", ...metrics],
      rows: funnel.map((m) => [
        m,
        ...metrics.map((k) => summaryCell(`models.${m}.${CVR_SECTION}.${k}.mean`, c.models[m]?.[CVR_SECTION]?.[k])),
      ]),
    });
  }
  return out;
}

function flagNotes(c: Comparison): string[] {
  const notes = [`Flags: ${c.flags.test}.`];
  if (c.flags.note) notes.push(c.flags.note);
  for (const f of c.flags.negativeTransfer)
    notes.push(
      `Negative transfer: ${f.model} on ${f.task} (${f.metric} ${formatNumber(f.value)} against ${formatNumber(f.baseline)} alone, p = ${formatNumber(f.p, 3)}).`,
    );
  for (const s of c.flags.seesaw)
    notes.push(`Seesaw: ${s.model} gains on ${s.up.join(", ")} but loses on ${s.down.join(", ")} against single.`);
  if (!c.flags.note && c.flags.negativeTransfer.length === 0 && c.flags.seesaw.length === 0)
    notes.push("No negative transfer and no seesaw beyond the seeds' noise.");
  return notes;
}

/** The page of `mtrec compare` (and of the demos): the reading in words, the chart, the tables, the flags. */
export function compareReport(c: Comparison, seeds: number, what: string): Page {
  const sections: Section[] = [
    { title: "Reading", notes: readComparison(c, seeds) },
    { title: "Architectures", notes: flagNotes(c), charts: [compareMetricsChart(c, seeds)], tables: tables(c, seeds) },
  ];
  return { title: "mtrec comparison report", subtitle: what, sections };
}
