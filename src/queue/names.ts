import type { JobsOptions } from "bullmq";

/** The one BullMQ queue every mtrec command and worker uses; the job's name says what it is. */
export const QUEUE_NAME = "mtrec";

export const JOB_KINDS = { trainRun: "train-run", predictShard: "predict-shard" } as const;
export type JobKind = (typeof JOB_KINDS)[keyof typeof JOB_KINDS];

/** Kept a week, so a command restarted within it finds its finished jobs instead of running them again. */
const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * A job that throws (not on bad input: that is final) is tried up to 3 times, 2 s then 4 s
 * apart; a job whose worker died is handed to another by BullMQ's stalled-job check.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: KEEP_SECONDS },
  removeOnFail: { age: KEEP_SECONDS },
};
