import { type Command, InvalidArgumentError } from "commander";
import type { FusionSpec } from "../../fusion/index.js";
import { nonNegativeInt, positiveInt } from "../options.js";
import { fuseFlag } from "./fuse-flag.js";

export interface ServeFlags {
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

/**
 * The server's own defaults (DEFAULT_MAX_CANDIDATES, DEFAULT_BODY_LIMIT in serve/server.ts),
 * repeated because that module loads Fastify and the help text should not; a test holds them equal.
 */
export const SERVE_DEFAULTS = { maxCandidates: 10_000, bodyLimit: 16 * 1024 * 1024 };

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
    .option(
      "--max-candidates <n>",
      "most candidates (or rows) in one request",
      positiveInt("--max-candidates"),
      SERVE_DEFAULTS.maxCandidates,
    )
    .option("--body-limit <size>", "largest request body (e.g. 16mb)", byteSize, SERVE_DEFAULTS.bodyLimit)
    .option("--admin-token <token>", "enable POST /admin/reload for requests with Authorization: Bearer <token>")
    .option(
      "--shutdown-seconds <n>",
      "on SIGTERM, how long requests in flight may take before the process exits anyway",
      positiveInt("--shutdown-seconds"),
      10,
    )
    .action(async (f: ServeFlags) => {
      const { runServe } = await import("./serve-run.js");
      await runServe(f);
    });
}
