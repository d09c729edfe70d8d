import type { Command } from "commander";
import { positiveInt } from "../options.js";

interface WorkerFlags {
  queue: string;
  concurrency: number;
  threads?: number;
  lockMs?: number;
  stalledCheckMs?: number;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("take compare, sweep and predict jobs from a Redis queue and run them, until SIGTERM or SIGINT")
    .requiredOption("--queue <url>", "the Redis the commands queue their jobs on: redis://HOST:PORT")
    .option("--concurrency <n>", "jobs run at once by this process", positiveInt("--concurrency"), 1)
    .option("--threads <n>", "ONNX Runtime threads per job (default: the job's config, else all cores)", positiveInt("--threads"))
    .option("--lock-ms <ms>", "how long a job stays this worker's without a renewal (BullMQ lockDuration)", positiveInt("--lock-ms"))
    .option(
      "--stalled-check-ms <ms>",
      "how often to look for jobs whose worker died (BullMQ stalledInterval)",
      positiveInt("--stalled-check-ms"),
    )
    .action(async (f: WorkerFlags) => {
      const { startWorker } = await import("../../queue/worker.js");
      const { close } = await startWorker({
        url: f.queue,
        concurrency: f.concurrency,
        threads: f.threads,
        lockMs: f.lockMs,
        stalledCheckMs: f.stalledCheckMs,
        log: (l) => console.log(l),
      });
      console.log(`worker on ${f.queue}: ${f.concurrency} job(s) at a time`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          console.log(`${signal}: finishing the job in hand, then stopping`);
          close().then(resolve, resolve);
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
      console.log("worker stopped");
    });
}
