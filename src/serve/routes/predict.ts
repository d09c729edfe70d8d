import type { FastifyPluginAsync } from "fastify";
import type { RequestRow } from "../../data/request-columns.js";
import { scoresJson } from "../answer-json.js";
import { checkedBody } from "../checked-body.js";
import { scoreRequest } from "../score.js";
import type { RouteContext } from "./context.js";

/**
 * `POST /v1/predict`: per-row scores of every task, in row order, as `mtrec predict` writes them.
 * A funnel model's heads (ctr, cvr, ctcvr), which `mtrec predict` does not write, come apart under "heads".
 */
export const predictRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.post("/v1/predict", async (request, reply) => {
    const served = ctx.slot.current;
    const { rows } = checkedBody<{ rows: RequestRow[] }>(request, served.bodies.predict);
    const { predictions: p } = await scoreRequest(served.model, "rows", rows);
    ctx.metrics.candidates.inc({ route: "/v1/predict" }, rows.length);
    const tasks = served.model.tasks.map((t) => t.name);
    const heads = Object.keys(p.scores).filter((name) => !tasks.includes(name));
    const headsJson = heads.length > 0 ? `,"heads":${scoresJson(p.scores, heads)}` : "";
    reply.type("application/json; charset=utf-8");
    return `{"model":${JSON.stringify(served.id)},"scores":${scoresJson(p.scores, tasks)}${headsJson}}`;
  });
};
