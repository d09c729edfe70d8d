import type { DataSource } from "../../data/types.js";
import { MtrecError } from "../../errors.js";
import { type FusionSpec, fusedOrder } from "../../fusion/index.js";
import type { TaskSpec } from "../../models/types.js";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { load } from "../../train/load.js";
import { predictSource } from "../../train/predict-source.js";
import { withTrainingReadOptions } from "../../train/read-options.js";

const ROWS_PER_PIECE = 100_000;

/** One file to score into one CSV: what `mtrec predict` does for its file, and a queued job for each shard. */
export interface PredictShardPayload {
  model: string;
  data: DataSource;
  out: string;
  keep?: string[];
  fuse?: FusionSpec;
  /** With `fuse`: rank within the rows sharing this column. */
  request?: string;
  threads?: number;
}

/** The scores the fusion weights name; a weight for a task the model lacks is an error naming the model's tasks. */
function fusable(scores: Record<string, Float32Array>, tasks: TaskSpec[], spec: FusionSpec): Record<string, Float32Array> {
  const names = tasks.map((t) => t.name);
  for (const task of Object.keys(spec.weights)) {
    if (!names.includes(task))
      throw new MtrecError("BAD_ARGUMENT", `mtrec: --fuse: the model has no task "${task}"; its tasks: ${names.join(", ")}`);
  }
  return Object.fromEntries(Object.keys(spec.weights).map((t) => [t, scores[t] as Float32Array]));
}

/**
 * The output's column for a task's score: prefixed, because keeping the label columns beside the
 * scores (`--keep user_id,click`) is the common case, and a bare task name would repeat theirs.
 */
const scoreColumn = (task: string): string => `score_${task}`;
/** The columns `--fuse` adds. */
const FUSED_COLUMNS = ["fused_score", "fused_rank"] as const;

/** Kept columns come first; one that repeats another or an output column's name is refused, never written twice. */
function checkKeep(keep: string[], outputs: string[]): void {
  const seen = new Set<string>();
  for (const k of keep) {
    if (seen.has(k)) throw new MtrecError("BAD_ARGUMENT", `mtrec: --keep names "${k}" twice`);
    seen.add(k);
    if (outputs.includes(k))
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: --keep ${k}: the output writes a column of that name (its columns: ${outputs.join(", ")}); an input column of that name must be renamed to be kept`,
      );
  }
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Scores `data` with the model and writes the CSV atomically (never half a file under `out`); returns its row count and tasks. */
export async function predictShard(p: PredictShardPayload): Promise<{ rows: number; tasks: string[] }> {
  const { schema: fitted, config: saved, infer } = await load(p.model, { threads: p.threads });
  const outputs = [...saved.tasks.map((t) => scoreColumn(t.name)), ...(p.fuse ? FUSED_COLUMNS : [])];
  const keep = p.keep ?? [];
  checkKeep(keep, outputs);
  const keepColumns = [...new Set([...keep, ...(p.request ? [p.request] : [])])];
  const { data, predictions } = await predictSource(infer, fitted, saved.tasks, withTrainingReadOptions(saved.config, p.data), {
    keep: keepColumns,
    labels: false,
  });
  const { scores } = predictions;
  const fused = p.fuse
    ? fusedOrder(fusable(scores, saved.tasks, p.fuse), p.fuse, p.request ? data.keep?.[p.request] : undefined)
    : undefined;
  const pieces = [Buffer.from(`${[...keep, ...outputs].map(csvField).join(",")}\n`)];
  // in pieces: one string for a whole large file would pass V8's string limit
  for (let start = 0; start < data.rows; start += ROWS_PER_PIECE) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(data.rows, start + ROWS_PER_PIECE); r++) {
      const kept = keep.map((k) => csvField(data.keep?.[k]?.[r] ?? ""));
      const extra = fused ? [String(fused.fused[r]), String(fused.rank[r])] : [];
      lines.push(`${[...kept, ...saved.tasks.map((t) => String((scores[t.name] as Float32Array)[r])), ...extra].join(",")}\n`);
    }
    pieces.push(Buffer.from(lines.join("")));
  }
  await writeFileAtomic(p.out, Buffer.concat(pieces));
  return { rows: data.rows, tasks: saved.tasks.map((t) => t.name) };
}
