import type { FastifyPluginAsync } from "fastify";
import { MtrecError } from "../../errors.js";
import type { RouteContext } from "./context.js";

/** `POST /admin/reload`, registered only when the server has an admin token. */
export const adminRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.post("/admin/reload", async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${ctx.adminToken}`)
      throw new MtrecError("UNAUTHORIZED", 'mtrec: /admin/reload needs the header "Authorization: Bearer <the server\'s --admin-token>"');
    const outcome = await ctx.slot.reload();
    if (!outcome.ok) {
      request.log.error({ err: outcome.error }, "reload failed; the old model keeps serving");
      return reply.status(outcome.error.httpStatus).send({
        error: { code: outcome.error.code, message: `${outcome.error.message} (the old model, ${ctx.slot.current.id}, keeps serving)` },
      });
    }
    request.log.info({ model: outcome.served.id }, "reloaded");
    return { model: outcome.served.id, hash: outcome.served.hash, loadSeconds: outcome.served.loadSeconds };
  });
};
