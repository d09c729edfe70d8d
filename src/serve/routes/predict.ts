import type { FastifyPluginAsync } from "fastify";
import { predictBodySchema } from "../request-schema.js";
import { columnsFromRows, type RowObject, scoreColumns } from "../score.js";
import { plainScores, type RouteContext } from "./context.js";

/**
 * `POST /v1/predict`: per-row scores of every task, in row order, as `mtrec predict` writes them.
 * A funnel model's heads (ctr, cvr, ctcvr), which `mtrec predict` does not write, come apart under "heads".
 */
export const predictRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.post<{ Body: { rows: RowObject[] } }>(
    "/v1/predict",
    { schema: { body: predictBodySchema(ctx.slot.inputs, ctx.maxCandidates) } },
    async (request) => {
      const served = ctx.slot.current;
      const { rows } = request.body;
      const p = await scoreColumns(served.model, "request rows", columnsFromRows(ctx.slot.inputs, rows), rows.length);
      ctx.metrics.candidates.inc({ route: "/v1/predict" }, rows.length);
      const tasks = served.model.tasks.map((t) => t.name);
      const heads = Object.keys(p.scores).filter((name) => !tasks.includes(name));
      return {
        model: served.id,
        scores: plainScores(p.scores, tasks),
        ...(heads.length > 0 ? { heads: plainScores(p.scores, heads) } : {}),
      };
    },
  );
};
