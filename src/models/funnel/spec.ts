import { z } from "zod";
import { LINEAR_INITS } from "../../nn/init.js";

const sizes = z.array(z.number().int().positive()).min(1);

/** How a funnel model gets P(click) for its inverse-propensity weights. */
const propensity = z
  .object({
    /**
     * "model": its own pCTR tower; "separate": a click model of its own that shares nothing;
     * "column": a data column (e.g. the simulator's oracle truth_ctr).
     */
    source: z.enum(["model", "separate", "column"]).default("model"),
    column: z.string().optional(),
    min: z.number().gt(0).lte(1).default(0.01),
    maxWeight: z.number().gte(1).default(100),
    stopGradient: z.boolean().default(true),
  })
  .strict()
  .refine((p) => p.source !== "column" || p.column, { message: 'propensity.source "column" needs propensity.column' });

const common = (bottom: "embedding" | "shared-bottom" | "separate") => ({
  bottom: z.enum(["embedding", "shared-bottom", "mmoe", "separate"]).default(bottom),
  bottomHidden: sizes.default([128, 64]),
  experts: z.number().int().positive().default(4),
  expertHidden: sizes.default([64, 32]),
  towerHidden: z.array(z.number().int().positive()).default([64, 32]),
  dropout: z.number().min(0).lt(1).default(0),
  batchNorm: z.boolean().default(false),
  init: z.enum(LINEAR_INITS).default("pytorch"),
});

const ipw = { propensity: propensity.default({ source: "model", min: 0.01, maxWeight: 100, stopGradient: true }) };

function escm2<T extends "escm2-ips" | "escm2-dr">(type: T) {
  return z
    .object({
      type: z.literal(type),
      ...common("embedding"),
      ...ipw,
      cvrWeight: z.number().min(0).default(1),
      ctcvrWeight: z.number().min(0).default(1),
      /** "paper" (default) or "paddlerec": the authors' PaddleRec code, which differs; see the docs. */
      variant: z.enum(["paper", "paddlerec"]).default("paper"),
    })
    .strict();
}

/** The click → conversion funnel's architectures; their labels come in funnel order. */
export const funnelSpecSchemas = [
  z.object({ type: z.literal("esmm"), ...common("embedding"), ctcvrWeight: z.number().min(0).default(1) }).strict(),
  z.object({ type: z.literal("cvr-naive"), ...common("separate") }).strict(),
  z.object({ type: z.literal("mtl-naive"), ...common("shared-bottom") }).strict(),
  z.object({ type: z.literal("mtl-imp"), ...common("shared-bottom") }).strict(),
  z.object({ type: z.literal("naive-ipw"), ...common("separate"), ...ipw }).strict(),
  z.object({ type: z.literal("ctcvr-direct"), ...common("embedding") }).strict(),
  z.object({ type: z.literal("multi-ipw"), ...common("embedding"), ...ipw }).strict(),
  z
    .object({
      type: z.literal("multi-dr"),
      ...common("embedding"),
      ...ipw,
      /** "dr": ê enters the CVR loss (the paper); "auxiliary": the CVR loss is Multi-IPW's and ê only a side task. */
      imputation: z.enum(["dr", "auxiliary"]).default("dr"),
    })
    .strict(),
  escm2("escm2-ips"),
  escm2("escm2-dr"),
  z
    .object({
      type: z.literal("esm2"),
      ...common("embedding"),
      actionWeight: z.number().min(0).default(1),
      purchaseWeight: z.number().min(0).default(1),
    })
    .strict(),
  z
    .object({
      type: z.literal("transfer"),
      ...common("embedding"),
      /** Feed each tower's hidden vector to the next through stop-gradient (the default). */
      stopGradient: z.boolean().default(true),
      /** false: towers side by side, nothing passed along (the no-transfer baseline). */
      chain: z.boolean().default(true),
      /** Weight of mean(max(p_next − p_prev, 0)) between consecutive binary steps; 0 turns it off. */
      calibration: z.number().min(0).default(0),
    })
    .strict(),
] as const;
