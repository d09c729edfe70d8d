import { type CompareOptions, type Comparison, comparedSpec, describeRun, type RunResult, summarizeRuns } from "../train/compare.js";
import type { TrainConfig } from "../train/config.js";
import type { TrainRunOutcome } from "./jobs/train-run.js";
import { runQueued } from "./submit.js";
import { trainRunJob } from "./train-jobs.js";

export interface QueuedCompareOptions extends CompareOptions {
  url: string;
  progress?: (line: string) => void;
  pollMs?: number;
}

/**
 * `compareModels` with each (architecture, seed) run as a job on the queue at `url`: the same
 * runs (a job calls the same `compareRun` on data prepared the same way) summarised in the
 * same order, so the table equals the local one.
 */
export async function compareQueued(config: TrainConfig, o: QueuedCompareOptions): Promise<Comparison & { attempts: number[] }> {
  const runs = o.models.flatMap((type) => Array.from({ length: o.seeds }, (_, i) => ({ type, seed: i + 1 })));
  const jobs = await Promise.all(
    runs.map(({ type, seed }) => trainRunJob(config, comparedSpec(config, type, o.specs), seed, `${type} seed ${seed}`)),
  );
  const outcomes = (await runQueued(o.url, jobs, {
    progress: o.progress,
    pollMs: o.pollMs,
    onDone: (job, value) => {
      const run = runs[jobs.indexOf(job)];
      const { result, tasks, attempt } = value as TrainRunOutcome;
      if (run) o.log?.(`${describeRun(run.type, run.seed, tasks, result)}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
    },
  })) as TrainRunOutcome[];
  const tasks = outcomes[0]?.tasks ?? [];
  const results: RunResult[] = outcomes.map((x) => x.result);
  return {
    ...summarizeRuns(
      tasks,
      runs.map((r, i) => ({ type: r.type, result: results[i] as RunResult })),
      o.seeds,
    ),
    attempts: outcomes.map((x) => x.attempt),
  };
}
