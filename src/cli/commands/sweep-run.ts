import { writeFileAtomic } from "../../nn/atomic-write.js";
import { describePoint, parseGrid } from "../../queue/sweep/grid.js";
import { type SweepResult, sweep } from "../../queue/sweep/sweep.js";
import { checkOutFile } from "../out-file.js";
import { configFrom } from "./config-from.js";
import type { SweepFlags } from "./sweep.js";

function formatSweep(s: SweepResult): string {
  const names = s.points.map((p) => describePoint(p.point));
  const width = Math.max(5, ...names.map((n) => n.length));
  const metric = `${s.monitor.task === "*" ? "mean over tasks of" : s.monitor.task} ${s.monitor.metric} (${s.monitor.higherIsBetter ? "higher" : "lower"} is better)`;
  const rows = s.points.map(
    (p, i) => `${(names[i] as string).padEnd(width)}  ${p.mean.toFixed(4)} ± ${p.std.toFixed(4)}${i === s.best ? "  best" : ""}`,
  );
  return [`${"point".padEnd(width)}  ${metric}, mean ± std over ${s.points[0]?.values.length ?? 0} seeds`, ...rows].join("\n");
}

/** `mtrec sweep`, loaded when it runs. */
export async function runSweep(f: SweepFlags): Promise<void> {
  const grid = parseGrid(f.grid);
  if (f.out) await checkOutFile(f.out);
  const config = await configFrom(f);
  const s = await sweep(config, {
    grid,
    samples: f.samples,
    sampleSeed: f.sampleSeed,
    seeds: f.seeds,
    queue: f.queue,
    log: f.json ? undefined : (l) => console.log(l),
    progress: (l) => console.error(l),
  });
  if (f.out) await writeFileAtomic(f.out, `${JSON.stringify(s.bestConfig, null, 2)}\n`);
  if (f.json) console.log(JSON.stringify(s));
  else {
    console.log(`\n${formatSweep(s)}`);
    console.log(`\nbest: ${describePoint(s.points[s.best]?.point ?? {})}${f.out ? `; its config written to ${f.out}` : ""}`);
  }
}
