import { encodeColumns } from "../data/encode.js";
import type { RawColumn } from "../data/reader.js";
import { load } from "../train/load.js";
import type { TaskScores } from "./fuse.js";

/** A trained model as the live system's ranker: per-task probabilities for candidates held in memory. */
export interface Scorer {
  /** The model's binary tasks: the scores fusion combines. */
  tasks: string[];
  score(columns: Record<string, RawColumn>): Promise<TaskScores>;
}

export async function modelScorer(dir: string, opts: { threads?: number } = {}): Promise<Scorer> {
  const loaded = await load(dir, opts);
  const tasks = loaded.tasks.filter((t) => t.type === "binary").map((t) => t.name);
  return {
    tasks,
    async score(columns) {
      const { scores } = await loaded.predict(encodeColumns(`candidates for ${dir}`, columns, loaded.schema, { labels: false }));
      return Object.fromEntries(tasks.map((t) => [t, scores[t] as Float32Array]));
    },
  };
}
