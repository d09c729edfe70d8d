import type { Command } from "commander";
import { MtrecError } from "../../errors.js";
import { type FusionSpec, fusedOrder } from "../../fusion/index.js";
import type { TaskSpec } from "../../models/types.js";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { load } from "../../train/load.js";
import { predictSource } from "../../train/predict-source.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { list, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { fuseFlag } from "./fuse-flag.js";
import { type DataFlags, dataOptions, sourceFrom } from "./train.js";

const ROWS_PER_PIECE = 100_000;

interface PredictFlags extends DataFlags {
  model: string;
  data: string;
  out: string;
  keep?: string[];
  fuse?: FusionSpec;
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
        `mtrec: --keep ${k}: the output already has a column "${k}" (its columns: ${outputs.join(", ")}); rename the input column`,
      );
  }
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function registerPredict(program: Command): void {
  const cmd = program
    .command("predict")
    .description("score rows with a trained model: a column score_<task> per task (a probability for binary tasks)")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "rows to score (labels not needed)")
    .requiredOption("--out <file>", "CSV to write")
    .option("--keep <columns>", "columns to copy into the output (e.g. an id), comma-separated", list)
    .option(
      "--fuse <spec>",
      "add fused_score and fused_rank (within its request): type:task=weight,... or the JSON `mtrec fusion tune --json` printed",
      fuseFlag,
    )
    .option("--request <column>", "with --fuse: rank within the rows sharing this column (a request or user id)")
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"));
  dataOptions(cmd).action(async (f: PredictFlags) => {
    if (f.request && !f.fuse) throw new MtrecError("BAD_ARGUMENT", "mtrec: --request groups rows for --fuse; give --fuse too");
    await checkOutFile(f.out);
    const { schema: fitted, config: saved, infer } = await load(f.model, { threads: f.threads });
    const outputs = [...saved.tasks.map((t) => scoreColumn(t.name)), ...(f.fuse ? FUSED_COLUMNS : [])];
    checkKeep(f.keep ?? [], outputs);
    const keepColumns = [...new Set([...(f.keep ?? []), ...(f.request ? [f.request] : [])])];
    const { data, predictions } = await predictSource(
      infer,
      fitted,
      saved.tasks,
      withTrainingReadOptions(saved.config, sourceFrom(f.data, f)),
      {
        keep: keepColumns,
        labels: false,
      },
    );
    const { scores } = predictions;
    const keep = f.keep ?? [];
    const fused = f.fuse
      ? fusedOrder(fusable(scores, saved.tasks, f.fuse), f.fuse, f.request ? data.keep?.[f.request] : undefined)
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
    await writeFileAtomic(f.out, Buffer.concat(pieces));
    console.log(`wrote ${data.rows.toLocaleString("en-US")} rows of scores for ${saved.tasks.map((t) => t.name).join(", ")} to ${f.out}`);
  });
}
