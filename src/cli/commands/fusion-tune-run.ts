import { MtrecError } from "../../errors.js";
import { groupRequests, type LoggedTuneReport, parseObjective, reorder, tuneLogged } from "../../fusion/index.js";
import { load } from "../../train/load.js";
import { predictSource } from "../../train/predict-source.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { checkOutFile } from "../out-file.js";
import { reportWritten } from "../report-written.js";
import { fmt } from "../table.js";
import { checkNames, fusionType, weightsText } from "./fusion-flags.js";
import type { TuneFlags } from "./fusion-tune.js";
import { sourceFrom } from "./train.js";

/** `mtrec fusion tune`, loaded when it runs; vega only with --report. */
export async function runTune(f: TuneFlags): Promise<void> {
  if (f.method !== "grid" && f.method !== "cem") throw new MtrecError("BAD_ARGUMENT", `mtrec: --method ${f.method} is not grid or cem`);
  const type = fusionType(f.type);
  const objective = parseObjective(f.objective);
  if (f.report) await checkOutFile(f.report, "--report", { "--data": f.data });
  const { schema: fitted, config: saved, infer } = await load(f.model, { threads: f.threads });
  const binary = saved.tasks.filter((t) => t.type === "binary");
  const names = binary.map((t) => t.name);
  if (f.values) checkNames("--values", f.values, names);
  if (objective.kind !== "value" && !names.includes(objective.task))
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: --objective ${f.objective}: no binary task "${objective.task}"; tasks: ${names.join(", ")}`,
    );
  const keep = [...new Set([f.request, ...(f.segment ? [f.segment] : [])])];
  const { data, predictions } = await predictSource(
    infer,
    fitted,
    saved.tasks,
    withTrainingReadOptions(saved.config, sourceFrom(f.data, f)),
    {
      keep,
    },
  );
  const { scores } = predictions;
  const keys = data.keep?.[f.request] ?? [];
  const { order, requests } = groupRequests(keys);
  const input = {
    scores: Object.fromEntries(binary.map((t) => [t.name, reorder(scores[t.name] as Float32Array, order)])),
    requests,
    labels: Object.fromEntries(binary.map((t) => [t.name, reorder(data.labels[saved.tasks.indexOf(t)] as Float32Array, order)])),
  };
  // the global search runs first, so its evaluations are the first report.evaluations told
  const evaluations: { weights: Record<string, number>; objective: number }[] = [];
  const holdout = f.holdout ?? (f.segment ? 0.5 : 0);
  const values = f.values ?? Object.fromEntries(names.map((n) => [n, 1]));
  const report = await tuneLogged(input, {
    method: f.method,
    fusion: type,
    objective,
    values,
    k: f.k,
    seed: f.seed,
    steps: f.steps,
    max: f.max,
    rounds: f.rounds,
    holdout,
    segments: f.segment ? segmentsOf(f.data, f.segment, f.request, data.keep?.[f.segment] ?? [], keys, order, requests.offsets) : undefined,
    minRequests: f.minRequests,
    onEvaluate: f.report ? (weights, value) => evaluations.push({ weights: { ...weights }, objective: value }) : undefined,
  });
  if (f.json) console.log(JSON.stringify(report));
  else print(report);
  for (const w of report.warnings) console.error(`mtrec: warning: ${w}`);
  if (f.report) {
    const { tuneReport } = await import("../../report/fusion-report.js");
    const { writeReport } = await import("../../report/write.js");
    const page = tuneReport({
      input,
      options: { fusion: type, k: f.k, values, objective, seed: f.seed, holdout },
      report,
      evaluations: evaluations.slice(0, report.evaluations),
      what: `mtrec fusion tune --model ${f.model} --data ${f.data} --request ${f.request}`,
    });
    const line = reportWritten(await writeReport(f.report, page));
    if (f.json) console.error(line);
    else console.log(line);
  }
}

/** The segment of each request: its first row's value, which every row of the request must share. */
function segmentsOf(
  path: string,
  column: string,
  requestColumn: string,
  values: string[],
  keys: string[],
  order: Int32Array,
  offsets: Int32Array,
): { ids: Int32Array; names: string[] } {
  const index = new Map<string, number>();
  const ids = new Int32Array(offsets.length - 1);
  for (let r = 0; r + 1 < offsets.length; r++) {
    const first = order[offsets[r] as number] as number;
    const value = values[first] as string;
    for (let j = (offsets[r] as number) + 1; j < (offsets[r + 1] as number); j++) {
      const row = order[j] as number;
      if (values[row] !== value)
        throw new MtrecError(
          "BAD_DATA",
          `mtrec: ${path}, data row ${row + 1}: ${column} is "${values[row]}" but earlier rows of the same ${requestColumn} "${keys[row]}" have "${value}"; --segment needs a column constant within each request`,
        );
    }
    if (!index.has(value)) index.set(value, index.size);
    ids[r] = index.get(value) as number;
  }
  return { ids, names: [...index.keys()] };
}

function print(r: LoggedTuneReport): void {
  const where = r.holdout ? `on ${r.requests.tune} tuning requests` : `on ${r.requests.tune} requests`;
  console.log(`${r.method} (${r.fusion}): weights ${weightsText(r.weights)}; ${r.evaluations} evaluations`);
  console.log(`  objective ${fmt(r.objective)} ${where} (equal weights ${fmt(r.equal)})`);
  if (r.holdout)
    console.log(
      `  objective ${fmt(r.holdout.objective)} on ${r.requests.holdout} held-out requests (equal weights ${fmt(r.holdout.equal)})`,
    );
  const p = r.personalised;
  if (!p) return;
  console.log(`personalised: ${Object.keys(p.segments).length} segments tuned, ${p.evaluations} evaluations in all`);
  for (const [name, s] of Object.entries(p.segments))
    console.log(`  ${name} (${s.requests} requests): ${s.weights ? weightsText(s.weights) : "global weights (its own did no better)"}`);
  console.log(
    `  objective ${fmt(p.objective)} on the tuning requests${p.holdout === undefined ? "" : `, ${fmt(p.holdout)} held out (global weights ${fmt(r.holdout?.objective ?? Number.NaN)})`}`,
  );
}
