import { fuse } from "../fusion/fuse.js";
import { evaluateFusion } from "../fusion/offline.js";
import type { OnlineResult } from "../fusion/online.js";
import { subset } from "../fusion/personalised.js";
import { splitRequests } from "../fusion/requests.js";
import type { FusionObjective, FusionType, TuneInput } from "../fusion/tune.js";
import type { LoggedTuneReport } from "../fusion/tune-logged.js";
import { cemObjectiveChart, cemRounds, cemSpreadChart } from "./charts/cem-convergence.js";
import { type FrontPoint, fusionFrontChart } from "./charts/fusion-front.js";
import { onlineCurveChart, onlineWeightsChart } from "./charts/online-curve.js";
import { SLIDER_SCRIPT, sliderControls, sliderData } from "./fusion-sliders.js";
import { type Cell, formatNumber, metricCell, type Page, type Section } from "./page.js";

/** Requests embedded for the sliders: enough to move the metrics, few enough to keep the page small. */
export const SLIDER_REQUESTS = 300;

export interface TuneReportInput {
  /** Every logged request, as the search was given them before its holdout split. */
  input: TuneInput;
  options: {
    fusion: FusionType;
    k: number;
    values: Record<string, number>;
    objective: FusionObjective;
    seed: number;
    holdout: number;
    arms?: number;
  };
  report: LoggedTuneReport;
  /** The global search's evaluations, in order (what `onEvaluate` was told). */
  evaluations: { weights: Record<string, number>; objective: number }[];
  what: string;
}

function objectiveName(o: FusionObjective, k: number): string {
  return o.kind === "value" ? `value of the top ${k}` : `${o.kind.toUpperCase()}@${k} of ${o.task}`;
}

function weightsText(w: Record<string, number>): string {
  return Object.entries(w)
    .map(([t, v]) => `${t} ${v.toFixed(3)}`)
    .join(", ");
}

/** The page of `mtrec fusion tune`: the search in the plane of two task metrics, its convergence, and sliders over held-out requests. */
export function tuneReport(r: TuneReportInput): Page {
  const { input, options: o, report } = r;
  const count = input.requests.offsets.length - 1;
  // the split tuneLogged made: same function, same seed
  const split = o.holdout > 0 ? splitRequests(count, o.holdout, o.seed) : undefined;
  const tune = split ? subset(input, split.tune) : input;
  const held = split ? subset(input, split.holdout) : input;
  const tasks = Object.keys(input.scores);
  const name = objectiveName(o.objective, o.k);
  const summary: Cell[][] = [
    ["tuned weights", weightsText(report.weights)],
    [`${name}, tuned, tuning requests`, metricCell("objective", report.objective)],
    [`${name}, equal weights, tuning requests`, metricCell("equal", report.equal)],
  ];
  if (report.holdout)
    summary.push(
      [`${name}, tuned, held-out requests`, metricCell("holdout.objective", report.holdout.objective)],
      [`${name}, equal weights, held-out requests`, metricCell("holdout.equal", report.holdout.equal)],
    );
  const sections: Section[] = [
    {
      title: "Result",
      notes: [
        `${report.method} search, ${report.fusion} fusion, ${report.evaluations} evaluations on ${report.requests.tune} requests${report.requests.holdout ? `, judged on ${report.requests.holdout} held out` : ""}.`,
        ...report.warnings.map((w) => `Warning: ${w}`),
      ],
      tables: [{ caption: "Tuned against equal weights", columns: ["measure", "value"], rows: summary }],
    },
  ];
  const search: Section = { title: "Search", notes: [], charts: [] };
  if (tasks.length >= 2) {
    const [a, b] = tasks as [string, string];
    const point = (weights: Record<string, number>): FrontPoint => {
      const e = evaluateFusion(fuse(tune.scores, tune.requests, { type: o.fusion, weights }), tune.requests, tune.labels, {
        k: o.k,
        values: o.values,
      });
      return { a: e.ndcg[a] as number, b: e.ndcg[b] as number, weights };
    };
    const points = r.evaluations.filter((e) => Number.isFinite(e.objective)).map((e) => point(e.weights));
    search.charts?.push(fusionFrontChart(points, point(report.weights), { a: `NDCG@${o.k} of ${a}`, b: `NDCG@${o.k} of ${b}` }));
    if (tasks.length > 2) search.notes?.push(`The plane shows the first two tasks, ${a} and ${b}; the search weighed all ${tasks.length}.`);
  } else search.notes?.push("One task: its weight does not change the ranking, so there is no plane of two metrics to draw.");
  if (report.method === "cem") {
    const rounds = cemRounds(r.evaluations, o.arms ?? 20);
    search.charts?.push(cemObjectiveChart(rounds, name), cemSpreadChart(rounds));
  } else search.notes?.push("Grid search: every point of the grid was evaluated, so there are no rounds to converge.");
  sections.push(search);
  const shown = subset(
    held,
    Array.from({ length: Math.min(SLIDER_REQUESTS, held.requests.offsets.length - 1) }, (_, i) => i),
  );
  const data = sliderData(shown, { type: o.fusion, k: o.k, values: o.values, objective: o.objective, weights: report.weights });
  const heldCount = shown.requests.offsets.length - 1;
  sections.push({
    title: "Try weights",
    notes: [
      `Move a weight: the ${heldCount} ${split ? "held-out" : "logged"} requests embedded below are re-ranked in the page with mtrec's fusion formula, and their NDCG, recall and value update. The sliders start at the tuned weights.`,
    ],
    html: sliderControls(data),
  });
  return { title: "mtrec fusion report", subtitle: r.what, sections, data: { fusion: data }, script: SLIDER_SCRIPT };
}

/** The page of `mtrec fusion simulate`: the online loop's curve and the search mean's weights per round. */
export function simulateReport(result: OnlineResult, what: string): Page {
  const rows: Cell[][] = [
    ["final weights", weightsText(result.weights)],
    ["expected value per request, final weights", metricCell("expected", result.expected)],
    ["expected value per request, equal weights", metricCell("equal", result.equal)],
    ["arms run", String(result.evaluations)],
    ["requests served", result.requests.toLocaleString("en-US")],
  ];
  return {
    title: "mtrec fusion report: simulated online tuning",
    subtitle: what,
    sections: [
      {
        title: "Online loop",
        notes: [
          `Each round's arms saw a noisy metric; the expected value of the search mean is measured on fixed requests under the true chances (final ${formatNumber(result.expected)} against ${formatNumber(result.equal)} for equal weights).`,
          "The simulated world has no logged requests to embed, so this page has no sliders; fusion tune's report has them.",
        ],
        charts: [onlineCurveChart(result.curve, result.equal), onlineWeightsChart(result.curve)],
        tables: [{ caption: "Result", columns: ["measure", "value"], rows }],
      },
    ],
  };
}
