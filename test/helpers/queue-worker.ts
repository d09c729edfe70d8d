import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT } from "./cli.js";

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the worker printed so far. */
  output(): string;
  /** Resolves with the first printed line that matches, polling; throws after `tries` polls of 50 ms. */
  line(pattern: RegExp, tries?: number): Promise<string>;
  exited: Promise<number | null>;
}

/**
 * An `mtrec worker` process with short locks: a worker killed in a job gives it up after 2 s,
 * and the others look for such jobs every 0.5 s (BullMQ's options, not sleeps in the test).
 */
export async function startWorker(url: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "dist/src/cli/main.js"), "worker", "--queue", url, "--threads", "1", "--lock-ms", "2000", "--stalled-check-ms", "500"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const line = async (pattern: RegExp, tries = 600) => {
    for (let i = 0; i < tries; i++) {
      const found = out.split("\n").find((l) => pattern.test(l));
      if (found !== undefined) return found;
      await sleep(50);
    }
    throw new Error(`the worker printed no line matching ${pattern}:\n${out}`);
  };
  const w = { child, output: () => out, line, exited };
  await line(/^worker on /);
  return w;
}
