import type { AddressInfo } from "node:net";
import { type Command, InvalidArgumentError } from "commander";
import type { FusionSpec } from "../../fusion/index.js";
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_CANDIDATES, serve } from "../../serve/server.js";
import { nonNegativeInt, positiveInt } from "../options.js";
import { fuseFlag } from "./fuse-flag.js";

interface ServeFlags {
  model: string;
  host: string;
  port: number;
  threads?: number;
  fuse?: FusionSpec;
  maxCandidates: number;
  bodyLimit: number;
  adminToken?: string;
  shutdownSeconds: number;
}

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `16mb`, `512kb`, `1048576`: bytes (units of 1024). */
export function byteSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(v.trim());
  const unit = UNITS[(m?.[2] ?? "").toLowerCase()];
  if (!m || unit === undefined || Number(m[1]) <= 0)
    throw new InvalidArgumentError(`--body-limit takes a size like 16mb, 512kb or 1048576, got "${v}"`);
  return Math.floor(Number(m[1]) * unit);
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve a trained model over HTTP: POST /v1/predict and /v1/rank, GET /healthz, /readyz, /v1/model, /metrics")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <n>", "port to listen on (0: any free port)", nonNegativeInt("--port"), 8080)
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"))
    .option("--fuse <spec>", "fusion for /v1/rank requests that name none: type:task=weight,... or a .json file", fuseFlag)
    .option("--max-candidates <n>", "most candidates (or rows) in one request", positiveInt("--max-candidates"), DEFAULT_MAX_CANDIDATES)
    .option("--body-limit <size>", "largest request body (e.g. 16mb)", byteSize, DEFAULT_BODY_LIMIT)
    .option("--admin-token <token>", "enable POST /admin/reload for requests with Authorization: Bearer <token>")
    .option(
      "--shutdown-seconds <n>",
      "on SIGTERM, how long requests in flight may take before the process exits anyway",
      positiveInt("--shutdown-seconds"),
      10,
    )
    .action(async (f: ServeFlags) => {
      const app = await serve({
        model: f.model,
        threads: f.threads,
        fuse: f.fuse,
        maxCandidates: f.maxCandidates,
        bodyLimit: f.bodyLimit,
        adminToken: f.adminToken,
        logger: { level: "warn" },
      });
      await app.listen({ host: f.host, port: f.port });
      const { port } = app.server.address() as AddressInfo;
      const host = f.host.includes(":") ? `[${f.host}]` : f.host;
      console.log(`listening on http://${host}:${port}`);
      process.on("SIGHUP", () => {
        void app.slot.reload().then((outcome) => {
          if (outcome.ok) console.error(`mtrec serve: SIGHUP: reloaded ${f.model}, now serving ${outcome.served.id}`);
          else console.error(`${outcome.error.message} (SIGHUP reload failed; still serving ${app.slot.current.id})`);
        });
      });
      let closing = false;
      const shutdown = (signal: string) => {
        if (closing) return;
        closing = true;
        console.error(`mtrec serve: ${signal}: closing; requests in flight finish first`);
        // requests in flight finish; a stuck one may not hold the process past the deadline
        const deadline = setTimeout(() => {
          console.error(`mtrec serve: ${signal}: requests still in flight after ${f.shutdownSeconds} s; exiting`);
          process.exit(1);
        }, f.shutdownSeconds * 1000);
        deadline.unref();
        // keep-alive connections that finish their request after close() began become idle then; close them as they do
        setInterval(() => app.server.closeIdleConnections(), 100).unref();
        void app.close().then(() => {
          console.error(`mtrec serve: ${signal}: stopped`);
          process.exit(0);
        });
      };
      process.on("SIGTERM", () => shutdown("SIGTERM"));
      process.on("SIGINT", () => shutdown("SIGINT"));
    });
}
