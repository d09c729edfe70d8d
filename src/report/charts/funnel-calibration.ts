import { type Chart, chartSpec, finite, PLOT_WIDTH, type Row } from "../chart.js";

/**
 * Mean pCVR against the actual conversion rate on clicked exposures (observed purchases), on
 * every exposure and on unclicked ones (the simulator's true CVR): a model trained on clicks
 * alone is calibrated on the first and off on the others, which is the selection bias.
 */
export function funnelCalibrationChart(cvr: Record<string, number>): Chart {
  const rows: Row[] = [];
  const add = (space: string, predicted: number | undefined, actual: number | undefined, source: string) => {
    if (finite(predicted)) rows.push({ space, kind: "mean pCVR", value: predicted });
    if (finite(actual)) rows.push({ space, kind: source, value: actual });
  };
  add("clicked exposures (O)", cvr.meanPredO, cvr.meanLabelO, "actual CVR");
  add("all exposures (D)", cvr.meanPredD, cvr.meanTrueD, "actual CVR");
  add("unclicked exposures", cvr.meanPredUnclicked, cvr.meanTrueUnclicked, "actual CVR");
  const spec = chartSpec("pCVR calibration by sample space", "O: observed purchases; D and unclicked: the simulator's true CVR", {
    width: PLOT_WIDTH,
    height: { step: 16 },
    mark: "bar",
    encoding: {
      y: { field: "space", type: "nominal", title: null, sort: null },
      yOffset: { field: "kind", type: "nominal", sort: ["mean pCVR", "actual CVR"] },
      x: { field: "value", type: "quantitative", title: "conversion rate (purchases per click)" },
      color: { field: "kind", type: "nominal", title: null, scale: { domain: ["mean pCVR", "actual CVR"], range: ["#0072B2", "#E69F00"] } },
    },
  });
  return { id: "funnel-calibration", spec, rows };
}
