import type { Command } from "commander";
import { MtrecError } from "../../errors.js";
import { type FusionSpec, fusedOrder } from "../../fusion/index.js";
import type { TaskSpec } from "../../models/types.js";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { load } from "../../train/load.js";
import { predictSource } from "../../train/predict-source.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { list, positiveInt } from "../options.js";
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

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function registerPredict(program: Command): void {
  const cmd = program
    .command("predict")
    .description("score rows with a trained model: one column per task (a probability for binary tasks)")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "rows to score (labels not needed)")
    .requiredOption("--out <file>", "CSV to write")
    .option("--keep <columns>", "columns to copy into the output (e.g. an id), comma-separated", list)
    .option(
      "--fuse <spec>",
      "add a fused score and its rank: type:task=weight,... or the JSON `mtrec fusion tune --json` printed",
      fuseFlag,
    )
    .option("--request <column>", "with --fuse: rank within the rows sharing this column (a request or user id)")
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"));
  dataOptions(cmd).action(async (f: PredictFlags) => {
    if (f.request && !f.fuse) throw new MtrecError("BAD_ARGUMENT", "mtrec: --request groups rows for --fuse; give --fuse too");
    const { schema: fitted, config: saved, infer } = await load(f.model, { threads: f.threads });
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
    const pieces = [
      Buffer.from(`${[...keep, ...saved.tasks.map((t) => t.name), ...(fused ? ["fused", "rank"] : [])].map(csvField).join(",")}\n`),
    ];
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
