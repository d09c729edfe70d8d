import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthFunnelCsv } from "../src/data/synth/funnel.js";
import type { SynthFunnelOptions } from "../src/data/synth/funnel-options.js";
import { buildFunnelWorld } from "../src/data/synth/funnel-world.js";
import {
  evaluateFusion,
  expectedValue,
  FunnelLive,
  type FusionType,
  fuse,
  fuseBySegment,
  type LiveBatch,
  type LiveSystem,
  rankWithin,
  selectBatch,
  simulateOnline,
  splitRequests,
  type TuneInput,
  tuneFusion,
  tunePersonalised,
} from "../src/fusion/index.js";
import { Rng } from "../src/nn/rng.js";
import { parseTrainConfig } from "../src/train/config.js";
import { FUNNEL_INPUTS } from "../src/train/demo-funnel.js";
import { modelScorer } from "../src/train/model-scorer.js";
import { trainModel } from "../src/train/trainer.js";
import type { BenchResult } from "./result.js";

const WORLD: SynthFunnelOptions = { rows: 1_000_000, selectionBias: 0.5, seed: 11 };
const CANDIDATES = 50;
const LOGGED_REQUESTS = 6_000;
const K = 5;
const VALUES = { click: 1, purchase: 20 };
/**
 * The first names the cases `equal`, `grid`, …; the others carry a suffix. `truth-scores` fuses
 * the true P(click) and P(click & purchase) instead of the model's: what tuning finds when the
 * scores are sharp enough for the weights to matter.
 */
const VARIANTS: { suffix: string; type: FusionType; scores: "model" | "truth" }[] = [
  { suffix: "", type: "additive", scores: "model" },
  { suffix: ":multiplicative", type: "multiplicative", scores: "model" },
  { suffix: ":truth-scores", type: "additive", scores: "truth" },
];

type Row = BenchResult["results"][number];

/**
 * Fusion weights for an ESMM trained on the funnel simulator (scores: P(click) and
 * P(click & purchase)). Logged requests (a user and 50 candidates, every candidate's click and
 * purchase drawn from the truth) are split in half: each search tunes on one half and is judged
 * on the other, by the value Σ value_k · actions in the top 5 with click = 1, purchase = 20,
 * and by the expected value of its ranking under the true probabilities (the same number
 * without the label noise). `reference` is equal weights on the same requests; `oracle` ranks
 * by the true expected value, the ceiling no fusion of these scores reaches. `online` runs CEM
 * as simulated A/B buckets
 * on fresh traffic (10 arms × 2,000 requests a round), from equal weights and from the click
 * score alone, and reports the expected value of the search mean round by round.
 */
export async function fusion(threadCounts: number[]): Promise<BenchResult> {
  const threads = Math.max(...threadCounts);
  const dir = await mkdtemp(join(tmpdir(), "mtrec-bench-fusion-"));
  try {
    const data = join(dir, "funnel.csv");
    await writeSynthFunnelCsv(data, WORLD);
    const model = join(dir, "esmm");
    const config = parseTrainConfig(
      {
        data: { path: data },
        schema: {
          sparse: FUNNEL_INPUTS.map((name) => ({ name, encoding: "vocab" })),
          labels: ["click", "purchase"].map((name) => ({ name, type: "binary" })),
        },
        model: { type: "esmm" },
        train: { epochs: 6, batchSize: 512, lr: 3e-3, threads, earlyStopping: { patience: 2 } },
      },
      "bench fusion",
    );
    const trained = await trainModel(config, { out: model, progress: false });
    const scorer = await modelScorer(model, { threads });
    const { world } = buildFunnelWorld(WORLD);
    const logged = await new FunnelLive(world, scorer, new Rng(21), CANDIDATES).draw(LOGGED_REQUESTS);
    const split = splitRequests(LOGGED_REQUESTS, 0.5, 5);
    const results: Row[] = [];
    for (const variant of VARIANTS) {
      const scored = variant.scores === "truth" ? truthAsScores(logged) : logged;
      const live = (seed: number): LiveSystem => {
        const system = new FunnelLive(world, scorer, new Rng(seed), CANDIDATES);
        return variant.scores === "truth" ? { draw: async (n) => truthAsScores(await system.draw(n)) } : system;
      };
      results.push(...(await suite(variant, live, selectBatch(scored, split.tune), selectBatch(scored, split.holdout))));
    }
    const first = results[0] as Row;
    first.mtrec = {
      ...first.mtrec,
      model: {
        type: "esmm",
        epoch: trained.best.epoch,
        clickAuc: trained.valid.tasks.click?.auc,
        purchaseAuc: trained.valid.tasks.purchase?.auc,
      },
      requests: { tune: split.tune.length, holdout: split.holdout.length, candidates: CANDIDATES, k: K, values: VALUES },
    };
    return { bench: "fusion", results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function suite(
  variant: (typeof VARIANTS)[number],
  live: (seed: number) => LiveSystem,
  tuneBatch: LiveBatch,
  hold: LiveBatch,
): Promise<Row[]> {
  const { suffix, type } = variant;
  const tune: TuneInput = { scores: tuneBatch.scores, requests: tuneBatch.requests, labels: tuneBatch.outcomes };
  const options = { fusion: type, values: VALUES, k: K, seed: 1 };
  const judge = (fused: Float64Array) => ({
    objective: evaluateFusion(fused, hold.requests, hold.outcomes, { k: K, values: VALUES }).value,
    expected: expectedValue(hold, rankWithin(fused, hold.requests), { k: K, values: VALUES }),
  });
  const fused = (weights: Record<string, number>) => fuse(hold.scores, hold.requests, { type, weights });
  const equalWeights = Object.fromEntries(Object.keys(hold.scores).map((t) => [t, 1]));
  const equal = judge(fused(equalWeights));
  const row = (
    name: string,
    r: { objective: number; expected: number; evaluations: number; weights?: unknown; [more: string]: unknown },
  ): Row => ({
    case: `${name}${suffix}`,
    mtrec: { fusion: type, scores: variant.scores, ...r },
    reference: { objective: equal.objective, expected: equal.expected, weights: equalWeights },
    // the expected value, not the noisy logged one: the comparison the label noise does not blur
    ratio: r.expected / equal.expected,
  });

  const grid = await tuneFusion(tune, { ...options, method: "grid", steps: 5, max: 2 });
  const cem = await tuneFusion(tune, { ...options, method: "cem", rounds: 15 });
  const personalised = await tunePersonalised(tune, tuneBatch.segments as Int32Array, {
    ...options,
    method: "cem",
    rounds: 15,
    global: cem,
  });
  const bySegment = { global: personalised.global, bySegment: personalised.bySegment };
  const loop = { ...options, rounds: 12, arms: 10, elite: 3, requestsPerArm: 2_000, evaluationRequests: 3_000 };
  const online = await simulateOnline(live(31), loop);
  return [
    row("equal", { ...equal, evaluations: 1, weights: equalWeights }),
    row("grid", { ...judge(fused(grid.weights)), evaluations: grid.evaluations, weights: grid.weights, tuneObjective: grid.objective }),
    row("cem", { ...judge(fused(cem.weights)), evaluations: cem.evaluations, weights: cem.weights, tuneObjective: cem.objective }),
    row("personalised", {
      ...judge(fuseBySegment(hold.scores, hold.requests, hold.segments as Int32Array, bySegment, type)),
      evaluations: personalised.evaluations,
      weights: { global: personalised.global, bySegment: Object.fromEntries(personalised.bySegment) },
      segments: personalised.segments,
    }),
    row("oracle", { ...judge(truthScores(hold)), evaluations: 0 }),
    {
      case: `online${suffix}`,
      mtrec: {
        fusion: type,
        scores: variant.scores,
        expected: online.expected,
        weights: online.weights,
        evaluations: online.evaluations,
        requests: online.requests,
        curve: online.curve,
      },
      reference: { expected: online.equal, weights: equalWeights },
      ratio: online.expected / online.equal,
    },
  ];
}

/** The batch with the true chances as its scores. */
function truthAsScores(batch: LiveBatch): LiveBatch {
  return { ...batch, scores: { click: Float64Array.from(batch.chances.click!), purchase: Float64Array.from(batch.chances.purchase!) } };
}

/** Each candidate's true expected value Σ value_k · P(action k): the ranking no fusion of model scores beats on average. */
function truthScores(batch: LiveBatch): Float64Array {
  const n = batch.requests.offsets[batch.requests.offsets.length - 1] as number;
  const out = new Float64Array(n);
  for (const [action, value] of Object.entries(VALUES)) {
    const chance = batch.chances[action] as ArrayLike<number>;
    for (let j = 0; j < n; j++) out[j] = (out[j] as number) + value * (chance[j] as number);
  }
  return out;
}
