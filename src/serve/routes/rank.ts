import type { FastifyPluginAsync } from "fastify";
import type { RequestCandidates, RequestRow } from "../../data/request-columns.js";
import { type FusionSpec, fuse, rankWithin, weightedScores } from "../../fusion/index.js";
import { rankAnswerJson } from "../answer-json.js";
import { checkedBody } from "../checked-body.js";
import { FieldError } from "../error-reply.js";
import { scoreRequest } from "../score.js";
import type { RouteContext } from "./context.js";

interface RankBody {
  context?: RequestRow;
  candidates: RequestCandidates;
  fusion?: FusionSpec;
  k?: number;
}

/**
 * `POST /v1/rank`: scores the candidates (context fields apply to each, a candidate's own field
 * wins), fuses the weighted scores with `src/fusion` and orders them best first, ties by index.
 * `order` holds the best `k` candidate indices; `fused` and each task's `scores` are given for
 * those candidates, in that order.
 */
export const rankRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.post("/v1/rank", async (request, reply) => {
    const served = ctx.slot.current;
    const body = checkedBody<RankBody>(request, served.bodies.rank);
    const spec = body.fusion ?? ctx.fuse;
    if (!spec)
      throw new FieldError(
        "fusion",
        'the request names no fusion and the server was started without --fuse; send "fusion": {"type": "multiplicative", "weights": {"<task>": 1, ...}}',
      );
    const { rows: n, predictions: p } = await scoreRequest(served.model, "candidates", body.candidates, body.context);
    for (const task of Object.keys(spec.weights)) {
      if (!(task in p.scores))
        throw new FieldError(
          `fusion.weights.${task}`,
          `the model has no task or head "${task}"; it scores ${Object.keys(p.scores).join(", ")}`,
        );
    }
    ctx.metrics.candidates.inc({ route: "/v1/rank" }, n);
    const requests = { offsets: Int32Array.of(0, n) };
    const fused = n === 0 ? new Float64Array(0) : fuse(weightedScores(p.scores, spec.weights), requests, spec);
    const top = rankWithin(fused, requests).subarray(0, Math.min(n, body.k ?? n));
    const tasks = served.model.tasks.map((t) => t.name);
    const heads = Object.keys(p.scores).filter((name) => !tasks.includes(name));
    // written as text here (Fastify sends a JSON string as it is): see answer-json.ts
    reply.type("application/json; charset=utf-8");
    return rankAnswerJson({ model: served.id, order: top, scores: p.scores, tasks, heads, fused });
  });
};
