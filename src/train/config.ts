import { readFile } from "node:fs/promises";
import { z } from "zod";
import { MtrecError } from "../errors.js";
import { MODEL_TYPES, parseModelSpec } from "../models/registry.js";
import type { ModelSpec } from "../models/spec.js";
import { EMBEDDING_STD } from "../nn/embedding.js";
import { type LossWeighting, parseLossWeighting } from "../weighting/registry.js";

const source = z
  .object({
    path: z.string().min(1),
    format: z.enum(["csv", "tsv", "parquet", "jsonl"]).optional(),
    header: z.boolean().optional(),
    delimiter: z.string().min(1).optional(),
    columns: z.array(z.string().min(1)).optional(),
  })
  .strict();

const sparse = z.discriminatedUnion("encoding", [
  z
    .object({
      name: z.string().min(1),
      column: z.string().optional(),
      encoding: z.literal("vocab"),
      minCount: z.number().int().min(1).optional(),
    })
    .strict(),
  z
    .object({ name: z.string().min(1), column: z.string().optional(), encoding: z.literal("hash"), buckets: z.number().int().min(1) })
    .strict(),
]);

const schema = z
  .object({
    sparse: z.array(sparse).default([]),
    dense: z.array(z.object({ name: z.string().min(1), column: z.string().optional() }).strict()).default([]),
    labels: z
      .array(
        z
          .object({
            name: z.string().min(1),
            column: z.string().optional(),
            type: z.enum(["binary", "regression"]),
            positive: z.union([z.string(), z.number()]).optional(),
          })
          .strict(),
      )
      .min(1),
    group: z
      .object({ column: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** A training run's configuration: what `mtrec train --config` reads, every default filled in. */
export const trainConfigSchema = z
  .object({
    data: source.optional(),
    valid: source.optional(),
    validFraction: z.number().gt(0).lt(1).default(0.2),
    schema: schema.optional(),
    labels: z.array(z.string().min(1)).min(1).optional(),
    group: z.string().optional(),
    /** With inferred labels: columns never to use as inputs (outcomes of a label, ids). */
    exclude: z.array(z.string()).optional(),
    /** With inferred labels: the value that means 1 for a label given as text, by task. */
    positive: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    /** With inferred labels: columns stated to be sparse (a vocabulary) or dense (numbers), whatever their values look like. */
    sparse: z.array(z.string().min(1)).optional(),
    dense: z.array(z.string().min(1)).optional(),
    /** With inferred labels: labels stated to be regression targets (a 0/1 label with a few other values is refused otherwise). */
    regression: z.array(z.string().min(1)).optional(),
    /** An inferred input that gives a binary label away: "warn" (stderr and metrics.json) and train, or "refuse" to train. */
    leakage: z.enum(["warn", "refuse"]).default("warn"),
    model: z.unknown().default({ type: "mmoe" }),
    embedding: z
      .object({
        dim: z.number().int().positive().default(8),
        l2: z.number().min(0).default(0),
        /** Standard deviation of the tables' normal initialisation (PyTorch's nn.Embedding: 1). */
        std: z.number().positive().default(EMBEDDING_STD),
      })
      .strict()
      .default({ dim: 8, l2: 0, std: EMBEDDING_STD }),
    featureGroups: z.record(z.string(), z.array(z.string())).optional(),
    lossWeights: z.record(z.string(), z.number().min(0)).default({}),
    lossWeighting: z.unknown().default({ type: "static" }),
    train: z
      .object({
        epochs: z.number().int().positive().default(5),
        batchSize: z.number().int().positive().default(1024),
        lr: z.number().positive().default(1e-3),
        seed: z.number().int().min(0).default(1),
        threads: z.number().int().positive().optional(),
        clipNorm: z.number().positive().optional(),
        /** Decay of an exponential moving average of the weights, evaluated and saved instead of the last step's (e.g. 0.99). */
        ema: z.number().gt(0).lt(1).optional(),
        /** Stream rows from the file every epoch instead of holding them in memory: "auto" when they would take more than memoryMB. */
        stream: z.enum(["auto", "always", "never"]).default("auto"),
        memoryMB: z.number().positive().default(2048),
        chunkRows: z.number().int().positive().default(65_536),
        earlyStopping: z
          .object({ task: z.string().optional(), metric: z.string().optional(), patience: z.number().int().min(1).default(2) })
          .strict()
          .default({ patience: 2 }),
      })
      .strict()
      .default({
        epochs: 5,
        batchSize: 1024,
        lr: 1e-3,
        seed: 1,
        stream: "auto",
        memoryMB: 2048,
        chunkRows: 65_536,
        earlyStopping: { patience: 2 },
      }),
  })
  .strict();

export type TrainConfigInput = z.input<typeof trainConfigSchema>;
export type TrainConfig = Omit<z.output<typeof trainConfigSchema>, "model" | "lossWeighting"> & {
  model: ModelSpec;
  lossWeighting: LossWeighting;
};

/** The fields that shape an inferred schema: meaningless beside a full `schema`. */
export const INFERENCE_FIELDS = ["labels", "exclude", "positive", "sparse", "dense", "regression"] as const;

/** Validates a config object; errors name the field's path. */
export function parseTrainConfig(raw: unknown, where = "config"): TrainConfig {
  const parsed = trainConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join(".") : "(top level)";
    throw new MtrecError("BAD_CONFIG", `mtrec: ${where}: field ${path}: ${issue?.message ?? "invalid"}`);
  }
  const model = parseModelSpec(parsed.data.model, `${where}: model`);
  const lossWeighting = parseLossWeighting(parsed.data.lossWeighting, `${where}: lossWeighting`);
  if (!parsed.data.schema && !parsed.data.labels) {
    throw new MtrecError("BAD_CONFIG", `mtrec: ${where}: give "schema" (columns and labels) or "labels" (the schema is then inferred)`);
  }
  const ignored = INFERENCE_FIELDS.filter((k) => parsed.data[k] !== undefined);
  if (parsed.data.schema && ignored.length > 0)
    throw new MtrecError(
      "BAD_CONFIG",
      `mtrec: ${where}: ${ignored.map((k) => `"${k}"`).join(", ")} shape an inferred schema, but this config gives "schema" in full, so ${ignored.length === 1 ? "it" : "they"} would be ignored; make the change in "schema", or drop "schema" and give "labels"`,
    );
  return { ...parsed.data, model, lossWeighting };
}

export async function loadTrainConfig(path: string): Promise<TrainConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new MtrecError("BAD_CONFIG", `mtrec: ${path}: cannot read the config (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new MtrecError("BAD_CONFIG", `mtrec: ${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseTrainConfig(raw, path);
}

export { MODEL_TYPES };
