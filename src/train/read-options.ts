import { extname } from "node:path";
import { formatOf } from "../data/source.js";
import type { DataSource } from "../data/types.js";
import type { TrainConfig } from "./config.js";

/**
 * The source to read `given` with: the read options the model's training file was read with
 * (kept in config.json as `config.data`), under whatever the caller gave. A header-less file
 * that needed `--columns` to train needs nothing more to be scored. The options carry over
 * only to a file of the same format, and the format itself only to a file of the same extension
 * (an `adult.data` read as TSV, say); a file given with a header names its own columns.
 */
export function withTrainingReadOptions(config: Pick<TrainConfig, "data">, given: DataSource): DataSource {
  const trained = config.data;
  if (!trained) return given;
  const sameExtension = extname(trained.path).toLowerCase() === extname(given.path).toLowerCase();
  const format = given.format ?? (sameExtension ? trained.format : undefined);
  const source: DataSource = { ...given, ...(format ? { format } : {}) };
  const kind = formatOf(source);
  if ((kind !== "csv" && kind !== "tsv") || formatOf(trained) !== kind) return source;
  const trainedHeader = trained.header ?? (trained.columns ? false : undefined);
  const columns = given.columns ?? (given.header === true ? undefined : trained.columns);
  const header = given.header ?? (given.columns ? false : trainedHeader);
  const delimiter = given.delimiter ?? trained.delimiter;
  return {
    ...source,
    ...(columns ? { columns } : {}),
    ...(header !== undefined ? { header } : {}),
    ...(delimiter !== undefined ? { delimiter } : {}),
  };
}
