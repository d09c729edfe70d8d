import { MtrecError } from "../errors.js";
import { CGC } from "./cgc.js";
import { CtcvrDirect } from "./funnel/ctcvr-direct.js";
import { ESCM2 } from "./funnel/escm2.js";
import { ESM2 } from "./funnel/esm2.js";
import { ESMM } from "./funnel/esmm.js";
import { IPW } from "./funnel/ipw.js";
import { MultiDR } from "./funnel/multi-dr.js";
import { NaiveCVR } from "./funnel/naive.js";
import { Transfer } from "./funnel/transfer.js";
import { MMoE } from "./mmoe.js";
import { MoE } from "./moe.js";
import { PLE } from "./ple.js";
import { SharedBottom } from "./shared-bottom.js";
import { Single } from "./single.js";
import { type ModelSpec, type ModelType, modelSpecSchema } from "./spec.js";
import type { ModelContext, MultiTaskModel } from "./types.js";

type Builders = { [T in ModelType]: (spec: Extract<ModelSpec, { type: T }>, ctx: ModelContext) => MultiTaskModel };

/** The one map from `model.type` to an architecture, read only at the edges (config, command line). */
const builders: Builders = {
  single: (s, c) => new Single(s, c),
  "shared-bottom": (s, c) => new SharedBottom(s, c),
  moe: (s, c) => new MoE(s, c),
  mmoe: (s, c) => new MMoE(s, c),
  cgc: (s, c) => new CGC(s, c),
  ple: (s, c) => new PLE(s, c),
  esmm: (s, c) => new ESMM(s, c),
  esm2: (s, c) => new ESM2(s, c),
  transfer: (s, c) => new Transfer(s, c),
  "cvr-naive": (s, c) => new NaiveCVR(s, c),
  "mtl-naive": (s, c) => new NaiveCVR(s, c),
  "mtl-imp": (s, c) => new NaiveCVR(s, c),
  "naive-ipw": (s, c) => new IPW(s, c),
  "ctcvr-direct": (s, c) => new CtcvrDirect(s, c),
  "multi-ipw": (s, c) => new IPW(s, c),
  "multi-dr": (s, c) => new MultiDR(s, c),
  "escm2-ips": (s, c) => new ESCM2(s, c),
  "escm2-dr": (s, c) => new ESCM2(s, c),
};

export const MODEL_TYPES = Object.keys(builders) as ModelType[];

/** The click → conversion funnel's architectures: they take their labels in funnel order. */
export const FUNNEL_TYPES: ModelType[] = [
  "esmm",
  "esm2",
  "transfer",
  "cvr-naive",
  "mtl-naive",
  "mtl-imp",
  "naive-ipw",
  "ctcvr-direct",
  "multi-ipw",
  "multi-dr",
  "escm2-ips",
  "escm2-dr",
];

/** The multi-task zoo: any tasks, any order. */
export const ZOO_TYPES: ModelType[] = MODEL_TYPES.filter((t) => !FUNNEL_TYPES.includes(t));

/** Validates a model spec (defaults filled in); an unknown type lists the known ones. */
export function parseModelSpec(raw: unknown, where = "model"): ModelSpec {
  const type = (raw as { type?: unknown } | undefined)?.type;
  if (typeof type !== "string" || !(type in builders)) {
    throw new MtrecError("BAD_CONFIG", `mtrec: ${where}.type is ${JSON.stringify(type)}; known architectures: ${MODEL_TYPES.join(", ")}`);
  }
  const parsed = modelSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [where, ...(issue?.path ?? [])].join(".");
    throw new MtrecError("BAD_CONFIG", `mtrec: ${path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export function buildModel(spec: ModelSpec, ctx: ModelContext): MultiTaskModel {
  const build = builders[spec.type] as (s: ModelSpec, c: ModelContext) => MultiTaskModel;
  return build(spec, ctx);
}
