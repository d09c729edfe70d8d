import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { ERROR_CODES, type ErrorCode, MtrecError } from "../errors.js";
import { openRedis } from "./connect.js";
import { JOB_OPTIONS, type JobKind, QUEUE_NAME } from "./names.js";
import { fromWire, toWire } from "./wire.js";

export interface QueuedJob {
  kind: JobKind;
  /** From the job's content ({@link contentJobId}): the same run is the same job. */
  id: string;
  data: unknown;
  /** How the command names it in progress and errors ("mmoe seed 2"). */
  label: string;
}

export interface RunQueuedOptions {
  /** Called as each job's result arrives, in whatever order they finish. */
  onDone?: (job: QueuedJob, value: unknown) => void;
  /** A line whenever the counts change: done, running, failed, waiting. */
  progress?: (line: string) => void;
  pollMs?: number;
  /** A job found finished from an earlier run is run again (its output was since removed) instead of joined. */
  redoCompleted?: boolean;
}

/** `[CODE] message`, as workers fail a job, back into the error it was. */
function failure(reason: string): { code: ErrorCode; message: string } {
  const m = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(reason);
  const code = m?.[1];
  return code && code in ERROR_CODES ? { code: code as ErrorCode, message: m[2] as string } : { code: "INTERNAL", message: reason };
}

/**
 * Puts the jobs on the queue (those already there, from an earlier run of the same command,
 * are joined rather than added again; a failed one is tried again) and waits for every one.
 * Returns their results in the order given. Failed jobs are collected and reported together
 * once the rest are done: the first one's error code is the command's.
 */
export async function runQueued(url: string, jobs: QueuedJob[], o: RunQueuedOptions = {}): Promise<unknown[]> {
  if (jobs.length === 0) return [];
  const connection = await openRedis(url);
  const queue = new Queue(QUEUE_NAME, { connection });
  try {
    const fresh: QueuedJob[] = [];
    for (const job of jobs) {
      const state = await queue.getJobState(job.id);
      if (state === "unknown") fresh.push(job);
      else if (state === "failed") await (await queue.getJob(job.id))?.retry("failed");
      else if (state === "completed" && o.redoCompleted) {
        await (await queue.getJob(job.id))?.remove();
        fresh.push(job);
      }
    }
    await queue.addBulk(fresh.map((j) => ({ name: j.kind, data: toWire(j.data), opts: { ...JOB_OPTIONS, jobId: j.id } })));
    const results = new Map<string, unknown>();
    const failed = new Map<string, string>();
    let shown = "";
    for (;;) {
      const open = jobs.filter((j) => !results.has(j.id) && !failed.has(j.id));
      const states = await Promise.all(open.map((j) => queue.getJobState(j.id)));
      let running = 0;
      for (const [i, job] of open.entries()) {
        const state = states[i];
        if (state === "active") running++;
        if (state === "completed") {
          const value = fromWire<unknown>((await queue.getJob(job.id))?.returnvalue);
          results.set(job.id, value);
          o.onDone?.(job, value);
        } else if (state === "failed") {
          failed.set(job.id, (await queue.getJob(job.id))?.failedReason ?? "no reason given");
        } else if (state === "unknown") {
          failed.set(job.id, `[INTERNAL] job ${job.id} left the queue before it finished (removed by hand?); run the command again`);
        }
      }
      const line = `queue: ${results.size} done, ${running} running, ${failed.size} failed, ${jobs.length - results.size - failed.size - running} waiting (of ${jobs.length})`;
      if (line !== shown) o.progress?.(line);
      shown = line;
      if (results.size + failed.size === jobs.length) break;
      await sleep(o.pollMs ?? 250);
    }
    if (failed.size > 0) {
      const first = failure(failed.values().next().value as string);
      const lines = jobs.filter((j) => failed.has(j.id)).map((j) => `  ${j.label}: ${failure(failed.get(j.id) as string).message}`);
      throw new MtrecError(first.code, `mtrec: ${failed.size} of ${jobs.length} jobs failed:\n${lines.join("\n")}`);
    }
    return jobs.map((j) => results.get(j.id));
  } finally {
    // BullMQ leaves a connection it was handed open
    await queue.close();
    await connection.quit();
  }
}
