import type { FusionObjective, FusionType, TuneInput } from "../fusion/tune.js";
import { escapeHtml } from "./page.js";

/** What the page embeds for the sliders: the requests to re-rank and how to fuse and score them. */
export interface SliderData {
  type: FusionType;
  k: number;
  values: Record<string, number>;
  objective: FusionObjective;
  tasks: string[];
  weights: Record<string, number>;
  max: number;
  offsets: number[];
  scores: Record<string, number[]>;
  labels: Record<string, number[]>;
}

export function sliderData(
  input: TuneInput,
  o: { type: FusionType; k: number; values: Record<string, number>; objective: FusionObjective; weights: Record<string, number> },
): SliderData {
  const tasks = Object.keys(input.scores);
  const largest = Math.max(...Object.values(o.weights), 1);
  return {
    ...o,
    tasks,
    max: Math.ceil(2 * largest),
    offsets: Array.from(input.requests.offsets),
    scores: Object.fromEntries(tasks.map((t) => [t, Array.from(input.scores[t] as ArrayLike<number>)])),
    labels: Object.fromEntries(tasks.map((t) => [t, Array.from(input.labels[t] as ArrayLike<number>)])),
  };
}

/** The controls the script fills: one slider per task, and the live metrics. */
export function sliderControls(d: SliderData): string {
  const sliders = d.tasks
    .map(
      (t) =>
        `<label for="weight-${escapeHtml(t)}">weight of ${escapeHtml(t)}</label><input type="range" id="weight-${escapeHtml(t)}" data-task="${escapeHtml(t)}" min="0" max="${d.max}" step="any" value="${d.weights[t]}"><output data-weight="${escapeHtml(t)}"></output>`,
    )
    .join("\n");
  const cells = d.tasks
    .map(
      (t) => `<tr><td>${escapeHtml(t)}</td><td data-live="ndcg.${escapeHtml(t)}"></td><td data-live="recall.${escapeHtml(t)}"></td></tr>`,
    )
    .join("\n");
  return `<div class="controls" id="fusion-controls">\n${sliders}\n</div>
<table id="fusion-live"><caption>Live, on the embedded requests (top ${d.k})</caption><thead><tr><th>task</th><th>NDCG@${d.k}</th><th>recall@${d.k}</th></tr></thead>
<tbody>\n${cells}\n<tr><td>value per request</td><td data-live="value" colspan="2"></td></tr></tbody></table>
<p class="note">First request's top ${d.k} (candidate numbers within the request): <span id="fusion-top"></span></p>`;
}

/**
 * The sliders' script: src/fusion's formulas in plain JavaScript (fuse, rankWithin,
 * evaluateRanking), kept line for line so the page ranks as mtrec does; a browser test
 * checks the rankings equal. `globalThis.mtrecFusion` exposes them to that test.
 */
export const SLIDER_SCRIPT = `(function () {
  "use strict";
  var FLOOR = 1e-12;
  var d = JSON.parse(document.getElementById("report-data").textContent).fusion;
  var n = d.offsets[d.offsets.length - 1];
  function rankWithin(s) {
    var order = new Array(n);
    for (var i = 0; i < n; i++) order[i] = i;
    function key(i) { return Number.isNaN(s[i]) ? -Infinity : s[i]; }
    function compare(a, b) {
      var ka = key(a), kb = key(b);
      if (ka !== kb) return ka > kb ? -1 : 1;
      if (Number.isNaN(s[a]) !== Number.isNaN(s[b])) return Number.isNaN(s[a]) ? 1 : -1;
      return a - b;
    }
    for (var r = 0; r + 1 < d.offsets.length; r++) {
      var part = order.slice(d.offsets[r], d.offsets[r + 1]).sort(compare);
      for (var j = 0; j < part.length; j++) order[d.offsets[r] + j] = part[j];
    }
    return order;
  }
  function fuse(weights) {
    var fused = new Float64Array(n);
    d.tasks.forEach(function (task) {
      var s = d.scores[task], w = weights[task];
      if (d.type === "multiplicative") for (var i = 0; i < n; i++) fused[i] += w * Math.log(Math.max(s[i], FLOOR));
      else if (d.type === "additive") for (var a = 0; a < n; a++) fused[a] += w * s[a];
      else {
        var order = rankWithin(s);
        for (var r = 0; r + 1 < d.offsets.length; r++)
          for (var j = d.offsets[r]; j < d.offsets[r + 1]; j++) fused[order[j]] += w / (j - d.offsets[r] + 1 + 60);
      }
    });
    if (d.type === "multiplicative") for (var m = 0; m < n; m++) fused[m] = Math.exp(fused[m]);
    return fused;
  }
  function rank(weights) { return rankWithin(fuse(weights)); }
  function evaluate(weights) {
    var ranking = rank(weights), ndcg = {}, recall = {}, value = 0, requests = d.offsets.length - 1;
    d.tasks.forEach(function (task) {
      var y = d.labels[task], ndcgSum = 0, recallSum = 0, used = 0, hitsTotal = 0;
      for (var r = 0; r < requests; r++) {
        var start = d.offsets[r], end = d.offsets[r + 1], positives = 0, hits = 0, dcg = 0, idcg = 0;
        for (var j = start; j < end; j++) positives += y[j];
        var top = Math.min(d.k, end - start);
        for (var t = 0; t < top; t++) if (y[ranking[start + t]] === 1) { dcg += 1 / Math.log2(t + 2); hits++; }
        for (var p = 0; p < Math.min(d.k, positives); p++) idcg += 1 / Math.log2(p + 2);
        hitsTotal += hits;
        if (positives === 0) continue;
        ndcgSum += dcg / idcg;
        recallSum += hits / positives;
        used++;
      }
      ndcg[task] = used > 0 ? ndcgSum / used : NaN;
      recall[task] = used > 0 ? recallSum / used : NaN;
      value += (d.values[task] || 0) * hitsTotal;
    });
    return { ranking: ranking, ndcg: ndcg, recall: recall, value: requests > 0 ? value / requests : NaN };
  }
  var weights = Object.assign({}, d.weights);
  function text(v) { return Number.isNaN(v) ? "n/a" : v.toFixed(4); }
  function show() {
    var e = evaluate(weights);
    d.tasks.forEach(function (task) {
      document.querySelector('[data-live="ndcg.' + task + '"]').textContent = text(e.ndcg[task]);
      document.querySelector('[data-live="recall.' + task + '"]').textContent = text(e.recall[task]);
      document.querySelector('[data-weight="' + task + '"]').textContent = weights[task].toFixed(3);
    });
    document.querySelector('[data-live="value"]').textContent = text(e.value);
    var first = e.ranking.slice(0, Math.min(d.k, d.offsets[1]));
    document.getElementById("fusion-top").textContent = first.map(function (i) { return i + 1; }).join(", ");
  }
  document.querySelectorAll("#fusion-controls input").forEach(function (input) {
    input.addEventListener("input", function () {
      weights[input.dataset.task] = Number(input.value);
      show();
    });
  });
  globalThis.mtrecFusion = { rank: rank, evaluate: evaluate, weights: function () { return Object.assign({}, weights); } };
  show();
})();`;
