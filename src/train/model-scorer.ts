import { encodeColumns } from "../data/encode.js";
import type { RawColumn } from "../data/raw-column.js";
import { load } from "./load.js";

/** A trained model as a live system's ranker (fusion's `Scorer`): per-task probabilities of its binary tasks for candidates in memory. */
export async function modelScorer(
  dir: string,
  opts: { threads?: number } = {},
): Promise<{ tasks: string[]; score(columns: Record<string, RawColumn>): Promise<Record<string, Float32Array>> }> {
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
