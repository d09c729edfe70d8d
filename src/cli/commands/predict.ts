import type { Command } from "commander";
import { MtrecError } from "../../errors.js";
import type { FusionSpec } from "../../fusion/index.js";
import { list, positiveInt } from "../options.js";
import { checkOutFile } from "../out-file.js";
import { fuseFlag } from "./fuse-flag.js";
import { type DataFlags, dataOptions, sourceFrom } from "./train.js";

interface PredictFlags extends DataFlags {
  model: string;
  data: string;
  out: string;
  keep?: string[];
  fuse?: FusionSpec;
  request?: string;
  threads?: number;
  queue?: string;
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
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"))
    .option(
      "--queue <url>",
      "one job per file of --data (a pattern: logs/*.parquet) for `mtrec worker`s on this Redis, each scored into --out (a directory); files already scored are skipped",
    );
  dataOptions(cmd).action(async (f: PredictFlags) => {
    if (f.request && !f.fuse) throw new MtrecError("BAD_ARGUMENT", "mtrec: --request groups rows for --fuse; give --fuse too");
    const shard = { keep: f.keep, fuse: f.fuse, request: f.request, threads: f.threads };
    if (f.queue) {
      const { predictQueued } = await import("../../queue/predict.js");
      const { path: _, ...read } = sourceFrom(f.data, f);
      const r = await predictQueued({
        url: f.queue,
        data: f.data,
        read,
        outDir: f.out,
        model: f.model,
        shard,
        progress: (l) => console.error(l),
      });
      const skipped = r.skipped.length > 0 ? `; ${r.skipped.length} already scored, skipped` : "";
      console.log(`wrote ${r.written.length} shards (${r.rows.toLocaleString("en-US")} rows) to ${f.out}${skipped}`);
      return;
    }
    await checkOutFile(f.out, "--out", { "--data": f.data });
    const { openWhileLoading } = await import("./open-early.js");
    await openWhileLoading(f.model, sourceFrom(f.data, f));
    const { predictShard } = await import("../../queue/jobs/predict-shard.js");
    const r = await predictShard({ ...shard, model: f.model, data: sourceFrom(f.data, f), out: f.out });
    console.log(`wrote ${r.rows.toLocaleString("en-US")} rows of scores for ${r.tasks.join(", ")} to ${f.out}`);
  });
}
