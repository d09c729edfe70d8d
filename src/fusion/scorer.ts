import type { RawColumn } from "../data/raw-column.js";
import type { TaskScores } from "./fuse.js";

/**
 * A ranker as the live system's loop sees it: per-task probabilities for candidates held in
 * memory. The edge builds one from a model (`modelScorer` in train), so fusion loads nothing.
 */
export interface Scorer {
  /** The model's binary tasks: the scores fusion combines. */
  tasks: string[];
  score(columns: Record<string, RawColumn>): Promise<TaskScores>;
}
