import { type Job, UnrecoverableError, Worker } from "bullmq";
import { MtrecError } from "../errors.js";
import { openRedis } from "./connect.js";
import { type PredictShardPayload, predictShard } from "./jobs/predict-shard.js";
import { runTrainJob, type TrainRunOutcome, type TrainRunPayload } from "./jobs/train-run.js";
import { JOB_KINDS, QUEUE_NAME } from "./names.js";
import { PreparedCache } from "./prepared-cache.js";
import { fromWire, toWire } from "./wire.js";

export interface WorkerOptions {
  url: string;
  concurrency?: number;
  /** ONNX Runtime threads per job, in place of the job config's. */
  threads?: number;
  log?: (line: string) => void;
  /**
   * How long a job's lock lasts without renewal, and how often workers look for jobs whose lock
   * lapsed (a worker that died): BullMQ's 30 s by default; tests make them short.
   */
  lockMs?: number;
  stalledCheckMs?: number;
}

/** Errors that the same payload would raise again: bad input, a bad model file, a diverging run. Retrying them wastes a worker. */
const FINAL_CODES = new Set(["BAD_ARGUMENT", "BAD_CONFIG", "BAD_DATA", "MODEL_FILE", "GRAPH", "DIVERGED"]);

/** A failed job's reason: `[CODE] message`, so the command that waits can exit as a local run would. */
export function failureReason(e: unknown): string {
  return e instanceof MtrecError ? `[${e.code}] ${e.message}` : e instanceof Error ? e.message : String(e);
}

function describe(job: Job): string {
  if (job.name === JOB_KINDS.trainRun) {
    const p = job.data as TrainRunPayload;
    return `${p.model.type} seed ${p.seed} on ${p.config.data?.path}`;
  }
  const p = job.data as PredictShardPayload;
  return `${p.data.path} -> ${p.out}`;
}

/**
 * Takes jobs from the queue and runs them, printing what it runs. A job that fails on its
 * input fails for good (BullMQ's UnrecoverableError); any other error is retried as the job's
 * options say, and a job whose worker dies is handed to another by BullMQ's stalled-job check.
 */
export async function startWorker(o: WorkerOptions): Promise<{ worker: Worker; close: () => Promise<void> }> {
  const log = o.log ?? (() => {});
  const connection = await openRedis(o.url);
  // the inferred schema is the command's to print, not every worker's
  const cache = new PreparedCache();
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const attempt = job.attemptsStarted;
      log(`running ${job.name} ${job.id}: ${describe(job)} (attempt ${attempt})`);
      const started = Date.now();
      try {
        let value: unknown;
        if (job.name === JOB_KINDS.trainRun) {
          const run = await runTrainJob(fromWire<TrainRunPayload>(job.data), cache, o.threads);
          value = { ...run, attempt } satisfies TrainRunOutcome;
        } else if (job.name === JOB_KINDS.predictShard) {
          const p = fromWire<PredictShardPayload>(job.data);
          value = { ...(await predictShard(o.threads === undefined ? p : { ...p, threads: o.threads })), attempt };
        } else
          throw new MtrecError(
            "BAD_ARGUMENT",
            `mtrec: job ${job.id}: unknown kind "${job.name}"; this worker runs ${Object.values(JOB_KINDS).join(", ")}`,
          );
        log(`done ${job.name} ${job.id} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return toWire(value);
      } catch (e) {
        log(`failed ${job.name} ${job.id}: ${e instanceof Error ? e.message : String(e)}`);
        if (e instanceof MtrecError && FINAL_CODES.has(e.code)) throw new UnrecoverableError(failureReason(e));
        throw new Error(failureReason(e));
      }
    },
    {
      connection,
      concurrency: o.concurrency ?? 1,
      ...(o.lockMs !== undefined ? { lockDuration: o.lockMs } : {}),
      ...(o.stalledCheckMs !== undefined ? { stalledInterval: o.stalledCheckMs } : {}),
      // a job may stall once (its worker died) and still run to the end on another
      maxStalledCount: 2,
    },
  );
  worker.on("error", (e) => log(`mtrec: worker: ${e.message}`));
  await worker.waitUntilReady();
  // close() lets the jobs in hand finish first; BullMQ leaves a connection it was handed open
  return { worker, close: () => worker.close().then(() => connection.quit().then(() => undefined)) };
}
