import { drawFunnelRequests, drawFunnelResponses, funnelFeatureColumns } from "../data/synth/funnel-requests.js";
import type { FunnelWorld } from "../data/synth/funnel-world.js";
import type { Rng } from "../nn/rng.js";
import type { LiveBatch, LiveSystem } from "./online.js";
import { fixedRequests } from "./requests.js";
import type { Scorer } from "./scorer.js";

/** The actions the funnel's users take, which a value objective can price. */
export const FUNNEL_ACTIONS = ["click", "purchase"] as const;

/**
 * The funnel simulator as a live system: fresh users and candidate sets from the world the
 * model's training file came from, scored by the model, answered with the world's true
 * probabilities (purchase means click and buy, P = ctr · cvr).
 */
export class FunnelLive implements LiveSystem {
  constructor(
    private readonly world: FunnelWorld,
    private readonly scorer: Scorer,
    private readonly rng: Rng,
    private readonly candidates: number,
  ) {}

  async draw(requests: number): Promise<LiveBatch> {
    const r = drawFunnelRequests(this.world, this.rng, { requests, candidates: this.candidates });
    const responses = drawFunnelResponses(this.rng, r);
    return {
      requests: fixedRequests(requests, this.candidates),
      scores: await this.scorer.score(funnelFeatureColumns(this.world, r)),
      outcomes: { click: responses.click, purchase: responses.purchase },
      chances: { click: r.ctr, purchase: r.ctr.map((ctr, j) => ctr * (r.cvr[j] as number)) },
      segments: r.segment,
    };
  }
}
