import type { FastifyPluginAsync } from "fastify";
import type { RouteContext } from "./context.js";

/** `GET /metrics`: Prometheus text from this server's own registry. */
export const metricsRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
};
