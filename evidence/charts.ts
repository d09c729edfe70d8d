import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { MtrecError } from "../src/errors.js";
import { writeFileAtomic } from "../src/nn/atomic-write.js";
import type { Chart } from "../src/report/chart.js";
import { renderSvg } from "../src/report/render.js";
import { ResultReader } from "./chart-rows.js";
import type { Evidence } from "./evidence.js";
import { QUESTION_CHARTS } from "./question-charts.js";

/** A question's result file as `--json` wrote it, checked at the edge: the chart code trusts it. */
export async function readEvidence(file: string): Promise<Evidence> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new MtrecError("BAD_DATA", `mtrec: ${file}: not a JSON result file (${(e as Error).message})`);
  }
  const e = parsed as Partial<Evidence> | null;
  if (typeof e !== "object" || e === null || typeof e.numbers !== "object" || e.numbers === null || !Array.isArray(e.seeds))
    throw new MtrecError("BAD_DATA", `mtrec: ${file}: expected {"question", "answer", "numbers", "seeds", "command"}, as --json prints`);
  return e as Evidence;
}

/** The question's headline chart, its id the question's NAME. */
export function evidenceChart(name: string, evidence: Evidence, file: string): Chart {
  const draw = QUESTION_CHARTS[name];
  if (!draw)
    throw new MtrecError(
      "BAD_DATA",
      `mtrec: ${file}: no chart is defined for "${name}"; charts exist for ${Object.keys(QUESTION_CHARTS).join(", ")}`,
    );
  return { ...draw(evidence, new ResultReader(file)), id: name };
}

/** Writes NAME.svg beside every NAME.json of `dir`; returns the SVGs' paths. */
export async function drawEvidenceCharts(dir: string): Promise<string[]> {
  const names = (await readdir(dir))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
  if (names.length === 0) throw new MtrecError("BAD_ARGUMENT", `mtrec evidence: ${dir} holds no NAME.json result files to chart`);
  const written: string[] = [];
  for (const name of names) {
    const file = join(dir, `${name}.json`);
    const svg = await renderSvg(evidenceChart(name, await readEvidence(file), file));
    const out = join(dir, `${name}.svg`);
    await writeFileAtomic(out, svg);
    written.push(out);
  }
  return written;
}
