import type { FastifyPluginAsync } from "fastify";
import { MTREC_VERSION } from "../../version.js";
import type { RouteContext } from "./context.js";

/** Liveness, readiness and what model is served. */
export const healthRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.get("/healthz", async () => ({ ok: true }));
  // the server is built only once a model has loaded and passed its probe, so a live server is ready
  app.get("/readyz", async () => ({ ok: true, model: ctx.slot.current.id }));
  app.get("/v1/model", async () => {
    const served = ctx.slot.current;
    const { model } = served;
    return {
      model: served.id,
      hash: served.hash,
      dir: served.dir,
      loadedAt: served.loadedAt.toISOString(),
      mtrec: MTREC_VERSION,
      trainedWith: served.trainedWith,
      architecture: model.config.config.model.type,
      tasks: model.tasks,
      features: {
        sparse: model.schema.sparse.map((f, i) => ({ ...f, column: f.column ?? f.name, rows: model.schema.cardinalities[i] })),
        dense: model.schema.dense.map((f, i) => ({
          ...f,
          column: f.column ?? f.name,
          mean: model.schema.denseStats[i]?.mean,
          std: model.schema.denseStats[i]?.std,
        })),
      },
      metrics: served.metrics,
    };
  });
};
