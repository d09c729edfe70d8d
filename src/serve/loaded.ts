import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { MtrecError } from "../errors.js";
import { type LoadedModel, load } from "../train/load.js";
import { FILES } from "../train/saved-config.js";
import { scoreRequest } from "./score.js";

/** A model the service answers with: the loaded model and what identifies it. */
export interface ServedModel {
  model: LoadedModel;
  /** sha256 over the directory's files (path and content, in path order), checkpoints left out. */
  hash: string;
  /** The first 12 hex digits of the hash: what every response names as "model". */
  id: string;
  dir: string;
  loadedAt: Date;
  loadSeconds: number;
  /** The kept epoch's metrics, from metrics.json (null when the directory has none). */
  metrics: unknown;
  /** What it scores: its tasks and, for a funnel model, its heads (ctr, cvr, ctcvr). */
  outputs: string[];
  /** The mtrec version that trained it. */
  trainedWith: string;
}

/**
 * Loads a model directory and checks it can answer before anyone is sent to it: the graph
 * compiles, and a probe row (every value missing) scores finite for every task.
 */
export async function loadServedModel(dir: string, opts: { threads?: number } = {}): Promise<ServedModel> {
  const started = performance.now();
  const model = await load(dir, { threads: opts.threads });
  // an empty row: every value missing, as a file's empty cells are
  const { predictions: probe } = await scoreRequest(model, "probe row", [{}]);
  for (const [task, values] of Object.entries(probe.scores)) {
    if (!values.every((v) => Number.isFinite(v)))
      throw new MtrecError("MODEL_FILE", `mtrec: ${dir}: the probe row scores ${values[0]} for "${task}"; the weights are not usable`);
  }
  const hash = await hashDir(dir);
  return {
    model,
    hash,
    id: hash.slice(0, 12),
    dir,
    loadedAt: new Date(),
    loadSeconds: (performance.now() - started) / 1000,
    metrics: await readMetrics(dir),
    outputs: Object.keys(probe.scores),
    trainedWith: model.config.mtrec,
  };
}

async function hashDir(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !relative(dir, path).startsWith(FILES.checkpoint))
    .sort();
  const hash = createHash("sha256");
  for (const path of files) {
    hash.update(relative(dir, path));
    hash.update("\0");
    hash.update(await readFile(path));
  }
  return hash.digest("hex");
}

async function readMetrics(dir: string): Promise<unknown> {
  try {
    const { best, valid } = JSON.parse(await readFile(join(dir, FILES.metrics), "utf8")) as { best?: unknown; valid?: unknown };
    return { best, valid };
  } catch {
    return null;
  }
}
