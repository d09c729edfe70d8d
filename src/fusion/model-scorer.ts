import { encodeColumns } from "../data/encode.js";
import type { RawColumn } from "../data/reader.js";
import { predict } from "../train/evaluate.js";
import { loadModelDir } from "../train/model-dir.js";
import { compileInference } from "../train/programs.js";
import { transformsOf } from "../weighting/registry.js";
import type { TaskScores } from "./fuse.js";

/** A trained model as the live system's ranker: per-task probabilities for candidates held in memory. */
export interface Scorer {
  /** The model's binary tasks: the scores fusion combines. */
  tasks: string[];
  score(columns: Record<string, RawColumn>): Promise<TaskScores>;
}

export async function modelScorer(dir: string, opts: { threads?: number } = {}): Promise<Scorer> {
  const { fitted, model, saved } = await loadModelDir(dir);
  const tasks = saved.tasks.filter((t) => t.type === "binary").map((t) => t.name);
  const infer = await compileInference(model, saved.tasks, { transforms: transformsOf(saved.config.lossWeighting), threads: opts.threads });
  return {
    tasks,
    async score(columns) {
      const data = encodeColumns(`candidates for ${dir}`, columns, fitted, { labels: false });
      const { scores } = await predict(infer, fitted, saved.tasks, data);
      return Object.fromEntries(tasks.map((t) => [t, scores[t] as Float32Array]));
    },
  };
}
