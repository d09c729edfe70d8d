import { MtrecError } from "../../errors.js";
import type { Rng } from "../../nn/rng.js";
import type { RawColumn } from "../reader.js";
import { itemKey, userKey } from "./funnel-csv.js";
import { drawIndex } from "./funnel-population.js";
import type { FunnelWorld } from "./funnel-world.js";

/**
 * Requests to a simulated live system: each a user (drawn by popularity, like the file's
 * exposures) with `candidates` distinct items (drawn by popularity: what retrieval returns),
 * request r holding candidates r·C .. r·C + C − 1, each with its true probabilities.
 */
export interface FunnelRequests {
  requests: number;
  candidates: number;
  userId: Int32Array;
  itemId: Int32Array;
  /** Per request: the user's segment (a feature personalised fusion can use). */
  segment: Int32Array;
  /** P(click) and P(buy | do(click)) per candidate. */
  ctr: Float64Array;
  cvr: Float64Array;
}

export function drawFunnelRequests(world: FunnelWorld, rng: Rng, size: { requests: number; candidates: number }): FunnelRequests {
  const { requests, candidates } = size;
  const { population } = world;
  if (!Number.isInteger(requests) || requests < 1)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: simulator: requests must be a whole number ≥ 1, got ${requests}`);
  if (!Number.isInteger(candidates) || candidates < 1 || candidates > population.items) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: simulator: candidates per request must be a whole number in [1, items = ${population.items}], got ${candidates}`,
    );
  }
  const n = requests * candidates;
  const out: FunnelRequests = {
    requests,
    candidates,
    userId: new Int32Array(n),
    itemId: new Int32Array(n),
    segment: new Int32Array(requests),
    ctr: new Float64Array(n),
    cvr: new Float64Array(n),
  };
  const seen = new Set<number>();
  for (let r = 0; r < requests; r++) {
    const user = drawIndex(rng, population.userPopularity);
    out.segment[r] = population.userSegment[user] as number;
    seen.clear();
    for (let c = 0; c < candidates; c++) {
      let item = drawIndex(rng, population.itemPopularity);
      // popularity draws repeat the head often; past a few tries take any unseen item, so large C still ends
      for (let tries = 0; seen.has(item) && tries < 20; tries++) item = drawIndex(rng, population.itemPopularity);
      while (seen.has(item)) item = rng.int(population.items);
      seen.add(item);
      const j = r * candidates + c;
      const truth = world.truth(user, item, rng.normal());
      out.userId[j] = user;
      out.itemId[j] = item;
      out.ctr[j] = truth.ctr;
      out.cvr[j] = truth.cvr;
    }
  }
  return out;
}

/** The feature columns as `mtrec synth funnel` writes them ("u12", "i34", integer codes), for encoding with a fitted schema. */
export function funnelFeatureColumns(world: FunnelWorld, r: FunnelRequests): Record<string, RawColumn> {
  const { population } = world;
  const per = (f: (j: number) => number) => Float64Array.from(r.itemId, (_, j) => f(j));
  return {
    user_id: Array.from(r.userId, userKey),
    user_segment: per((j) => population.userSegment[r.userId[j] as number] as number),
    item_id: Array.from(r.itemId, itemKey),
    item_category: per((j) => population.itemCategory[r.itemId[j] as number] as number),
    price_bucket: per((j) => population.priceBucket[r.itemId[j] as number] as number),
  };
}

/** Every candidate's response had it been shown: click ~ P(click), purchase = click · (buy ~ P(buy | do(click))). */
export function drawFunnelResponses(rng: Rng, r: FunnelRequests): { click: Uint8Array; purchase: Uint8Array } {
  const click = new Uint8Array(r.ctr.length);
  const purchase = new Uint8Array(r.ctr.length);
  for (let j = 0; j < click.length; j++) {
    const clicked = rng.uniform() < (r.ctr[j] as number);
    const buys = rng.uniform() < (r.cvr[j] as number);
    click[j] = clicked ? 1 : 0;
    purchase[j] = clicked && buys ? 1 : 0;
  }
  return { click, purchase };
}
