import { z } from "zod";
import { MtrecError } from "../errors.js";
import type { Schema } from "./types.js";

const name = z.string().min(1, "must not be empty");

export const sparseFeature = z.discriminatedUnion("encoding", [
  z.strictObject({ name, column: name.optional(), encoding: z.literal("vocab"), minCount: z.number().int().min(1).optional() }),
  z.strictObject({ name, column: name.optional(), encoding: z.literal("hash"), buckets: z.number().int().min(1) }),
]);

export const denseFeature = z.strictObject({ name, column: name.optional() });

export const labelSpec = z.strictObject({
  name,
  column: name.optional(),
  type: z.enum(["binary", "regression"]),
  positive: z.union([z.string(), z.number()]).optional(),
});

/**
 * A user-written {@link Schema}: the config loader embeds it, `checkSchema` applies it.
 * Besides the shapes it rejects what would train a wrong model without failing: two features
 * of one name, a label column that is also an input (the model would read the answer), and
 * `truth_*` columns as inputs (ground truth kept for evaluation only).
 */
export const schemaConfig = z
  .strictObject({
    sparse: z.array(sparseFeature).default([]),
    dense: z.array(denseFeature).default([]),
    labels: z.array(labelSpec),
    group: z.strictObject({ column: name }).optional(),
  })
  .superRefine((schema, ctx) => {
    const inputs = [
      ...schema.sparse.map((f, i) => ({ f, path: ["sparse", i] })),
      ...schema.dense.map((f, i) => ({ f, path: ["dense", i] })),
    ];
    const seen = new Map<string, string>();
    for (const { f, path } of inputs) {
      const where = `${path[0]}[${path[1]}]`;
      const before = seen.get(f.name);
      if (before)
        ctx.addIssue({
          code: "custom",
          path: [...path, "name"],
          message: `"${f.name}" is already the name of ${before}; feature names must be unique`,
        });
      seen.set(f.name, where);
      const column = f.column ?? f.name;
      if (column.startsWith("truth_")) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "name"],
          message: `"${column}" holds ground truth (truth_*), which is kept for evaluation and must not be an input`,
        });
      }
      const task = schema.labels.find((l) => (l.column ?? l.name) === column);
      if (task)
        ctx.addIssue({
          code: "custom",
          path: [...path, "name"],
          message: `column "${column}" is the label of task "${task.name}"; as an input it would give the answer away`,
        });
    }
    const tasks = new Set<string>();
    schema.labels.forEach((l, i) => {
      if (tasks.has(l.name)) ctx.addIssue({ code: "custom", path: ["labels", i, "name"], message: `task "${l.name}" appears twice` });
      tasks.add(l.name);
      if (l.positive !== undefined && l.type !== "binary") {
        ctx.addIssue({
          code: "custom",
          path: ["labels", i, "positive"],
          message: `only a binary task has a positive value; task "${l.name}" is ${l.type}`,
        });
      }
    });
  });

/** Validates a schema, throwing BAD_CONFIG with the path of the first bad field. */
export function checkSchema(raw: unknown, where = "schema"): Schema {
  const parsed = schemaConfig.safeParse(raw);
  if (parsed.success) return parsed.data as Schema;
  throw new MtrecError("BAD_CONFIG", `mtrec: ${where}: ${describeIssue(parsed.error.issues[0])}`);
}

/** "field sparse[2].buckets: Too small: expected number to be >=1". */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "invalid";
  const path = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
  return `${path ? `field ${path}` : "(top level)"}: ${issue.message}`;
}
