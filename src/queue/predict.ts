import { mkdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DataSource } from "../data/types.js";
import { MTREC_VERSION } from "../version.js";
import { contentJobId } from "./job-id.js";
import type { PredictShardPayload } from "./jobs/predict-shard.js";
import { JOB_KINDS } from "./names.js";
import { expandShards, shardOutputs } from "./shards.js";
import { type QueuedJob, runQueued } from "./submit.js";

export interface QueuedPredictOptions {
  url: string;
  /** A file or a pattern (`logs/*.parquet`); each file is one job and one output. */
  data: string;
  /** Read flags applied to every shard. */
  read: Omit<DataSource, "path">;
  outDir: string;
  shard: Omit<PredictShardPayload, "data" | "out" | "model">;
  model: string;
  progress?: (line: string) => void;
  pollMs?: number;
}

async function identity(path: string): Promise<unknown> {
  const s = await stat(path).catch(() => undefined);
  return s ? { size: s.size, mtimeMs: s.mtimeMs } : null;
}

/**
 * Scores every shard the pattern names into `outDir`, one job per shard. A shard whose output
 * exists is skipped, so a command run again finishes what is left.
 */
export async function predictQueued(o: QueuedPredictOptions): Promise<{ written: string[]; skipped: string[]; rows: number }> {
  const inputs = await expandShards(o.data);
  const outputs = shardOutputs(inputs, o.outDir);
  await mkdir(resolve(o.outDir), { recursive: true });
  const model = resolve(o.model);
  const modelFiles = { onnx: await identity(join(model, "model.onnx")), config: await identity(join(model, "config.json")) };
  const jobs: QueuedJob[] = [];
  const skipped: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const out = outputs[i] as string;
    if (await stat(out).catch(() => undefined)) {
      skipped.push(out);
      continue;
    }
    const payload: PredictShardPayload = { ...o.shard, model, data: { ...o.read, path: input }, out };
    const id = contentJobId(JOB_KINDS.predictShard, { payload, input: await identity(input), modelFiles, version: MTREC_VERSION });
    jobs.push({ kind: JOB_KINDS.predictShard, id, data: payload, label: input });
  }
  // a finished job whose output is gone (deleted since) runs again
  const results = await runQueued(o.url, jobs, { progress: o.progress, pollMs: o.pollMs, redoCompleted: true });
  const rows = results.reduce<number>((sum, r) => sum + ((r as { rows?: number }).rows ?? 0), 0);
  return { written: jobs.map((j) => (j.data as PredictShardPayload).out), skipped, rows };
}
