import { open } from "../../data/reader.js";
import type { DataSource } from "../../data/types.js";
import { withTrainingReadOptions } from "../../train/read-options.js";
import { readSavedConfig, type SavedConfig } from "../../train/saved-config.js";

/**
 * For commands that score a file with a saved model: reads the model's config.json alone (how
 * its training data was read: delimiter, header, columns) and starts DuckDB on the file (sniffing
 * and counting its rows, on DuckDB's own threads) before the model's modules load and its program
 * compiles, about half a second. `open` remembers the file, so the scoring's own `open` of the
 * same source takes the result; a failure is left for that `open` to report, after the model's.
 */
export async function openWhileLoading(modelDir: string, given: DataSource): Promise<{ saved: SavedConfig; source: DataSource }> {
  const saved = await readSavedConfig(modelDir);
  const source = withTrainingReadOptions(saved.config, given);
  open(source).catch(() => {});
  return { saved, source };
}
