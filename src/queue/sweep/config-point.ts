import type { z } from "zod";
import { MtrecError } from "../../errors.js";
import { modelSpecSchema } from "../../models/spec.js";
import { parseTrainConfig, type TrainConfig, trainConfigSchema } from "../../train/config.js";
import { describePoint, type GridPoint } from "./grid.js";

/** The sweep sets seeds itself (`--seeds`): a grid over them would be a comparison of seeds, not of settings. */
const RESERVED = new Set(["train.seed"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Sets `path` in a copy of `raw`, creating the objects on the way; a path through a value that is not an object is no field. */
function setPath(raw: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> | undefined {
  const keys = path.split(".");
  const out = structuredClone(raw);
  let at: Record<string, unknown> = out;
  for (const key of keys.slice(0, -1)) {
    const next = at[key] ?? {};
    if (!isRecord(next)) return undefined;
    at[key] = next;
    at = next;
  }
  at[keys[keys.length - 1] as string] = value;
  return out;
}

/** Keys the schema does not know, as full field paths. */
function unknownFields(result: z.ZodSafeParseResult<unknown>, prefix: string[]): string[] {
  if (result.success) return [];
  return result.error.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => [...prefix, ...i.path, k].join(".")) : []));
}

/**
 * The config of one sweep point: `base` with each of the point's fields set, validated as a
 * config file is. A path the config schema does not have (for the architecture in use, for
 * fields under model) is a bad argument naming it; a value the field refuses is a bad config
 * naming the point.
 */
export function configAtPoint(base: TrainConfig, point: GridPoint): TrainConfig {
  let raw = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const [path, value] of Object.entries(point)) {
    if (RESERVED.has(path)) throw new MtrecError("BAD_ARGUMENT", `mtrec: --grid: ${path} is set by --seeds (seeds 1..n), not by the grid`);
    const set = setPath(raw, path, value);
    const unknown = set
      ? [...unknownFields(trainConfigSchema.safeParse(set), []), ...unknownFields(modelSpecSchema.safeParse(set.model), ["model"])]
      : [path];
    if (!set || unknown.includes(path))
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: --grid: ${path} is not a config field${path.startsWith("model.") ? ` of model type "${base.model.type}"` : ""}; fields are named as in a config file, e.g. train.lr, model.experts, embedding.dim`,
      );
    raw = set;
  }
  return parseTrainConfig(raw, `--grid point ${describePoint(point)}`);
}
