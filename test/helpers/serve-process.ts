import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./cli.js";

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the first stderr line that matches. */
  stderrLine(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

/** Starts `mtrec serve --port 0` on 127.0.0.1 and resolves once it prints where it listens. */
export function startServe(args: string[]): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "dist/src/cli/main.js"), "serve", "--host", "127.0.0.1", "--port", "0", "--threads", "1", ...args],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let stderr = "";
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (const w of [...waiting]) {
      const line = stderr.split("\n").find((l) => w.pattern.test(l));
      if (line !== undefined) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const stderrLine = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const line = stderr.split("\n").find((l) => pattern.test(l));
      if (line !== undefined) resolve(line);
      else waiting.push({ pattern, resolve });
    });
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve({ child, url: m[1] as string, stderrLine, exited });
    });
    void exited.then((code) => reject(new Error(`mtrec serve exited with ${code} before listening:\n${stderr}`)));
  });
}
