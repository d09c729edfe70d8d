import { z } from "zod";
import { LINEAR_INITS } from "../nn/init.js";
import { funnelSpecSchemas } from "./funnel/spec.js";

const sizes = z.array(z.number().int().positive()).min(1);
const common = {
  towerHidden: z.array(z.number().int().positive()).default([32]),
  dropout: z.number().min(0).lt(1).default(0),
  batchNorm: z.boolean().default(false),
  init: z.enum(LINEAR_INITS).default("pytorch"),
};
const experts = {
  expertHidden: sizes.default([64, 32]),
  gateInput: z.string().optional(),
};
const extraction = {
  ...experts,
  taskExperts: z.number().int().positive().default(2),
  sharedExperts: z.number().int().positive().default(2),
};

/** Every architecture's options with their defaults; `type` picks the architecture. */
export const modelSpecSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("single"), ...common, bottomHidden: sizes.default([128, 64]) }).strict(),
  z.object({ type: z.literal("shared-bottom"), ...common, bottomHidden: sizes.default([128, 64]) }).strict(),
  z.object({ type: z.literal("moe"), ...common, ...experts, experts: z.number().int().positive().default(4) }).strict(),
  z.object({ type: z.literal("mmoe"), ...common, ...experts, experts: z.number().int().positive().default(4) }).strict(),
  z.object({ type: z.literal("cgc"), ...common, ...extraction }).strict(),
  z.object({ type: z.literal("ple"), ...common, ...extraction, levels: z.number().int().min(1).default(2) }).strict(),
  ...funnelSpecSchemas,
]);

export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelType = ModelSpec["type"];
