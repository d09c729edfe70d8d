import { encode } from "../data/encode.js";
import type { DataSource, EncodedData } from "../data/types.js";
import { MtrecError } from "../errors.js";
import { load } from "./load.js";
import { withTrainingReadOptions } from "./read-options.js";

/**
 * The propensity e(x) from a trained mtrec model directory whose tasks include the treatment
 * column as a binary task (`mtrec train --labels T`): any architecture, any features.
 */
export async function mtrecPropensity(dir: string, source: DataSource, treatment: string): Promise<Float64Array> {
  const m = await load(dir);
  const task = m.tasks.find((t) => t.name === treatment);
  if (task?.type !== "binary") {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${dir}: the propensity model needs a binary task "${treatment}"; it has ${m.tasks.map((t) => `${t.name} (${t.type})`).join(", ")}`,
    );
  }
  const p = await m.predictFile(source);
  return Float64Array.from(p.scores[treatment] as Float32Array);
}

/**
 * The outcome under treatment and under control, μ1(x) and μ0(x), from a trained mtrec model
 * whose tasks include the outcome and whose inputs include the treatment (an "S-learner"):
 * every row is scored twice, with the treatment set to 1 and to 0.
 */
export async function mtrecOutcomes(
  dir: string,
  source: DataSource,
  treatment: string,
  outcome: string,
): Promise<{ mu1: Float64Array; mu0: Float64Array }> {
  const m = await load(dir);
  if (!m.tasks.some((t) => t.name === outcome)) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${dir}: the outcome model has no task "${outcome}" (tasks: ${m.tasks.map((t) => t.name).join(", ")})`,
    );
  }
  const data = await encode(withTrainingReadOptions(m.config.config, source), m.schema, { labels: false });
  const dense = m.schema.dense.findIndex((d) => (d.column ?? d.name) === treatment);
  const sparse = m.schema.sparse.findIndex((f) => (f.column ?? f.name) === treatment);
  if (dense < 0 && sparse < 0) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${dir}: the outcome model does not read "${treatment}" as an input, so it cannot tell treated from untreated`,
    );
  }
  const setTo = (value: 0 | 1): EncodedData => {
    const copy: EncodedData = { ...data, dense: data.dense.slice(), sparse: data.sparse.map((s) => s.slice()) };
    if (dense >= 0) {
      const { mean, std } = m.schema.denseStats[dense] as { mean: number; std: number };
      const w = m.schema.dense.length;
      for (let r = 0; r < copy.rows; r++) copy.dense[r * w + dense] = (value - mean) / std;
    } else {
      const vocab = m.schema.vocabularies[sparse];
      const id = vocab ? vocab.indexOf(String(value)) + 1 : 0;
      if (id === 0)
        throw new MtrecError("BAD_ARGUMENT", `mtrec: ${dir}: the outcome model never saw "${treatment}" = ${value} in training`);
      (copy.sparse[sparse] as Int32Array).fill(id);
    }
    return copy;
  };
  const score = async (value: 0 | 1) => Float64Array.from((await m.predict(setTo(value))).scores[outcome] as Float32Array);
  return { mu1: await score(1), mu0: await score(0) };
}
