import { z } from "zod";
import { MtrecError } from "../errors.js";
import { GradNormWeighting } from "./gradnorm.js";
import { NormalizeWeighting } from "./normalize.js";
import { PCGradWeighting } from "./pcgrad.js";
import { PeLtrWeighting } from "./pe-ltr.js";
import { StaticWeighting } from "./static.js";
import type { WeightingStrategy } from "./strategy.js";
import { UncertaintyWeighting } from "./uncertainty.js";

/** Every strategy's options with their defaults; `type` picks the strategy. */
export const lossWeightingSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("static") }).strict(),
  z
    .object({
      type: z.literal("normalize"),
      momentum: z.number().min(0).lt(1).default(0.9),
      /** Compress these regression labels before their loss (predictions are expanded back). */
      transform: z.record(z.string(), z.enum(["log1p", "sqrt"])).default({}),
    })
    .strict(),
  z.object({ type: z.literal("uncertainty") }).strict(),
  z.object({ type: z.literal("gradnorm"), alpha: z.number().min(0).default(1.5), lr: z.number().positive().default(0.025) }).strict(),
  z.object({ type: z.literal("pcgrad") }).strict(),
  z
    .object({
      type: z.literal("pe-ltr"),
      lowerBounds: z.record(z.string(), z.number().min(0).lt(1)).default({}),
      every: z.number().int().positive().default(1),
      solver: z.enum(["exact", "paper"]).default("exact"),
    })
    .strict(),
]);

export type LossWeighting = z.infer<typeof lossWeightingSchema>;
export const WEIGHTING_TYPES = ["static", "normalize", "uncertainty", "gradnorm", "pcgrad", "pe-ltr"] as const;

/** Builds a strategy; `seed` orders PCGrad's projections; `weights` are the config's static weights. */
export function buildWeighting(spec: LossWeighting, seed: number, weights: Record<string, number> = {}): WeightingStrategy {
  switch (spec.type) {
    case "static":
      return new StaticWeighting(weights);
    case "normalize":
      return new NormalizeWeighting(spec.momentum);
    case "uncertainty":
      return new UncertaintyWeighting();
    case "gradnorm":
      return new GradNormWeighting(spec.alpha, spec.lr);
    case "pcgrad":
      return new PCGradWeighting(seed);
    case "pe-ltr":
      return new PeLtrWeighting(spec);
  }
}

export function parseLossWeighting(raw: unknown, where = "lossWeighting"): LossWeighting {
  const type = (raw as { type?: unknown } | undefined)?.type;
  if (typeof type !== "string" || !(WEIGHTING_TYPES as readonly string[]).includes(type)) {
    throw new MtrecError("BAD_CONFIG", `mtrec: ${where}.type is ${JSON.stringify(type)}; known strategies: ${WEIGHTING_TYPES.join(", ")}`);
  }
  const parsed = lossWeightingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MtrecError("BAD_CONFIG", `mtrec: ${[where, ...(issue?.path ?? [])].join(".")}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** The label compressions a weighting config asks for, by task (normalize's `transform`). */
export function transformsOf(spec: LossWeighting | undefined): Record<string, "log1p" | "sqrt"> {
  return spec?.type === "normalize" ? spec.transform : {};
}
