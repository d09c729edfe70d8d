import { MtrecError } from "../../errors.js";
import { MODEL_TYPES, parseModelSpec } from "../../models/registry.js";
import type { ModelSpec } from "../../models/spec.js";
import { INFERENCE_FIELDS, loadTrainConfig, parseTrainConfig, type TrainConfig } from "../../train/config.js";
import { sourceFrom, type TrainFlags } from "./train.js";

/** The config a run uses: the file's (if any), with every flag given on the command line laid over it. */
export async function configFrom(f: TrainFlags): Promise<TrainConfig> {
  const base = f.config
    ? await loadTrainConfig(f.config)
    : parseTrainConfig({ labels: f.labels, model: { type: f.model ?? "mmoe" } }, "command line");
  const train = { ...base.train };
  if (f.epochs !== undefined) train.epochs = f.epochs;
  if (f.batchSize !== undefined) train.batchSize = f.batchSize;
  if (f.lr !== undefined) train.lr = f.lr;
  if (f.seed !== undefined) train.seed = f.seed;
  if (f.threads !== undefined) train.threads = f.threads;
  if (f.stream) train.stream = "always";
  const model = f.model && f.config ? parseModelSpec({ ...base.model, type: f.model }) : base.model;
  if (f.valid && f.validFraction !== undefined)
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: --valid-fraction holds a share of --data out for validation, but --valid ${f.valid} gives the validation rows: give one of them`,
    );
  const inferenceFlags = INFERENCE_FIELDS.filter((k) => f[k] !== undefined).map((k) => `--${k}`);
  if (base.schema && inferenceFlags.length > 0)
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${inferenceFlags.join(", ")} shape${inferenceFlags.length === 1 ? "s" : ""} an inferred schema, but ${f.config} gives "schema" in full, so ${inferenceFlags.length === 1 ? "it" : "they"} would be ignored; make the change in its "schema", or give --labels without a schema`,
    );
  return {
    ...base,
    ...(f.labels && f.config ? { labels: f.labels } : {}),
    ...(f.group ? { group: f.group } : {}),
    ...(f.exclude ? { exclude: f.exclude } : {}),
    ...(f.sparse ? { sparse: f.sparse } : {}),
    ...(f.dense ? { dense: f.dense } : {}),
    ...(f.regression ? { regression: f.regression } : {}),
    ...(f.strict ? { leakage: "refuse" as const } : {}),
    ...(f.positive ? { positive: { ...base.positive, ...f.positive } } : {}),
    model: f.propensityColumn ? withPropensityColumn(model, f.propensityColumn) : model,
    ...(f.data ? { data: sourceFrom(f.data, f) } : {}),
    ...(f.valid ? { valid: sourceFrom(f.valid, f) } : {}),
    ...(f.validFraction !== undefined ? { validFraction: f.validFraction } : {}),
    train,
  };
}

/** The architectures that weigh by inverse propensity, and so can read P(click) from a column. */
const PROPENSITY_TYPES = MODEL_TYPES.filter((type) => "propensity" in parseModelSpec({ type }));

/** `--propensity-column COL`: the config's `propensity: { source: "column", column: COL }`, its other fields kept. */
function withPropensityColumn(model: ModelSpec, column: string): ModelSpec {
  if (!("propensity" in model))
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: --propensity-column: model "${model.type}" has no propensity to read from a column; the models that do: ${PROPENSITY_TYPES.join(", ")}`,
    );
  return parseModelSpec({ ...model, propensity: { ...model.propensity, source: "column", column } }, "--propensity-column");
}
