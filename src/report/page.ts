import type { Chart } from "./chart.js";
import { renderSvg } from "./render.js";

/** A table cell: its text, and where the number came from (`data-metric`) with its full value, so a test can read it back. */
export type Cell = string | { text: string; metric: string; value: number };

export interface Table {
  caption: string;
  columns: string[];
  rows: Cell[][];
}

export interface Section {
  title: string;
  /** Plain sentences: what to read in the section, or why a chart is missing. */
  notes?: string[];
  tables?: Table[];
  charts?: Chart[];
  /** Trusted HTML built by the report itself (the fusion sliders' controls). */
  html?: string;
}

export interface Page {
  title: string;
  /** What the page is of: the model directory, the data, the command. */
  subtitle: string;
  sections: Section[];
  /** JSON the inline script reads (`<script type="application/json" id="report-data">`). */
  data?: unknown;
  /** Plain JavaScript run when the page opens; nothing is fetched. */
  script?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Four significant decimals, as the terminal tables print; "n/a" for a missing value. */
export function formatNumber(v: number | undefined, digits = 4): string {
  if (v === undefined || Number.isNaN(v)) return "n/a";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  return v.toFixed(digits);
}

/** A cell whose number a reader (or a test) can trace to the field it came from. */
export function metricCell(metric: string, value: number | undefined, digits = 4): Cell {
  return value === undefined ? "n/a" : { text: formatNumber(value, digits), metric, value };
}

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0 auto; padding: 24px 32px; max-width: 1216px; }
h1 { font-size: 24px; margin: 0 0 4px; }
.subtitle { color: #555; margin: 0 0 24px; overflow-wrap: anywhere; }
h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; }
.note { max-width: 900px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure.chart { margin: 0; max-width: 100%; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 12px 0 20px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: 6px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 12px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.controls { display: grid; grid-template-columns: max-content 320px 5em; gap: 6px 12px; align-items: center; margin: 12px 0; }
footer { color: #666; margin-top: 40px; font-size: 13px; }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } figure.chart, table { break-inside: avoid; } .controls input { display: none; } }
`;

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const body = t.rows
    .map((r) => {
      const cells = r.map((c) =>
        typeof c === "string"
          ? `<td>${escapeHtml(c)}</td>`
          : `<td data-metric="${escapeHtml(c.metric)}" data-value="${c.value}">${escapeHtml(c.text)}</td>`,
      );
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * One self-contained HTML file: every chart an inline SVG drawn now, the CSS inline, and the
 * only script (if any) inline too; nothing is fetched when it opens, so it works offline and
 * as an attachment.
 */
export async function pageHtml(p: Page): Promise<string> {
  const parts: string[] = [];
  for (const s of p.sections) {
    const notes = (s.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("\n");
    const tables = (s.tables ?? []).map(tableHtml).join("\n");
    const figures: string[] = [];
    for (const c of s.charts ?? []) figures.push(`<figure class="chart" data-chart="${escapeHtml(c.id)}">${await renderSvg(c)}</figure>`);
    const charts = figures.length > 0 ? `<div class="charts">\n${figures.join("\n")}\n</div>` : "";
    parts.push(`<section>\n<h2>${escapeHtml(s.title)}</h2>\n${notes}\n${s.html ?? ""}\n${charts}\n${tables}\n</section>`);
  }
  // "</" inside a script element would end it early: JSON.stringify leaves "<" as is
  const data =
    p.data === undefined
      ? ""
      : `<script type="application/json" id="report-data">${JSON.stringify(p.data).replace(/</g, "\\u003c")}</script>\n`;
  const script = p.script ? `<script>\n${p.script}\n</script>\n` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(p.title)}</h1>
<p class="subtitle">${escapeHtml(p.subtitle)}</p>
${parts.join("\n")}
<footer>Written by mtrec. Every number and chart on this page comes from the files named above; the page fetches nothing.</footer>
${data}${script}</body>
</html>
`;
}
