import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { MtrecError } from "../errors.js";
import type { FusionSpec } from "../fusion/index.js";
import { replyError } from "./error-reply.js";
import { loadServedModel } from "./loaded.js";
import { ServeMetrics } from "./metrics.js";
import { ModelSlot } from "./model-slot.js";
import { adminRoutes } from "./routes/admin.js";
import type { RouteContext } from "./routes/context.js";
import { healthRoutes } from "./routes/health.js";
import { metricsRoutes } from "./routes/metrics.js";
import { predictRoutes } from "./routes/predict.js";
import { rankRoutes } from "./routes/rank.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The served model; `slot.reload()` is what SIGHUP and /admin/reload call. */
    slot: ModelSlot;
  }
}

export interface ServeOptions {
  /** The model directory `mtrec train` wrote. */
  model: string;
  /** ONNX Runtime threads. */
  threads?: number;
  /** The fusion a rank request without one uses. */
  fuse?: FusionSpec;
  /** Most candidates (or rows) one request may carry; default 10,000. */
  maxCandidates?: number;
  /** Largest request body in bytes; default 16 MiB. */
  bodyLimit?: number;
  /** Enables `POST /admin/reload` for requests bearing this token; no token, no admin route. */
  adminToken?: string;
  /** Fastify's logger option; default off. */
  logger?: FastifyServerOptions["logger"];
}

export const DEFAULT_MAX_CANDIDATES = 10_000;
/** Fastify's validator options: a request must be what it says, so no coercion of "3" to 3 and no silently dropped fields. */
export const AJV_OPTIONS = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  allErrors: false,
  allowUnionTypes: true,
} as const;
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

/** A Fastify instance serving the model (not yet listening: call `listen`, or `inject` in tests), and its model slot. */
export async function serve(opts: ServeOptions): Promise<FastifyInstance> {
  const maxCandidates = opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  if (!Number.isInteger(maxCandidates) || maxCandidates < 1)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: serve: maxCandidates must be a positive integer, got ${maxCandidates}`);
  const served = await loadServedModel(opts.model, { threads: opts.threads });
  if (opts.fuse) {
    for (const task of Object.keys(opts.fuse.weights)) {
      if (!served.outputs.includes(task))
        throw new MtrecError("BAD_ARGUMENT", `mtrec: --fuse: the model has no task "${task}"; its tasks: ${served.outputs.join(", ")}`);
    }
  }
  const metrics = new ServeMetrics();
  const slot = new ModelSlot(served, metrics, { threads: opts.threads, maxCandidates });
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    ajv: { customOptions: AJV_OPTIONS },
    // Fastify's own 503 while closing has a body of its own shape; ours answers below
    return503OnClosing: false,
  });
  app.setErrorHandler(replyError);
  // a request that reaches a closing server (a keep-alive connection's next one) is refused
  // with the error body every other refusal has, so a client needs one parser to retry elsewhere
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (request, reply) => {
    if (!closing) return;
    reply.header("connection", "close");
    return replyError(
      new MtrecError("NOT_READY", "mtrec: the server is shutting down; send the request again (to another replica)"),
      request,
      reply,
    );
  });
  app.setNotFoundHandler((request, reply) =>
    replyError(new MtrecError("NOT_FOUND", `mtrec: no route ${request.method} ${request.url}`), request, reply),
  );
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ route, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
  });
  const ctx: RouteContext = { slot, metrics, fuse: opts.fuse, adminToken: opts.adminToken };
  await app.register(healthRoutes, ctx);
  await app.register(predictRoutes, ctx);
  await app.register(rankRoutes, ctx);
  await app.register(metricsRoutes, ctx);
  if (opts.adminToken) await app.register(adminRoutes, ctx);
  app.decorate("slot", slot);
  return app;
}
