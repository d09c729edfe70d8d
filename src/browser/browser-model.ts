import * as ort from "onnxruntime-web";
import { type RequestCandidates, type RequestRow, requestColumns } from "../data/request-columns.js";
import { encodeColumns } from "../data/row-encoder.js";
import { readFittedSchema } from "../data/schema-file.js";
import type { EncodedData, FittedSchema } from "../data/types.js";
import { MtrecError } from "../errors.js";
import type { FusionSpec } from "../fusion/fuse.js";
import { rankFused } from "../fusion/rank.js";
import type { TaskSpec } from "../models/types.js";
import { type BrowserModelSource, browserFiles } from "./model-files.js";
import { parseBrowserConfig } from "./saved-config.js";

/** The graph's input of the standardised dense features, [B, dense]; nn/feature-encoder.ts names it (DENSE_COLUMN). */
export const DENSE_INPUT = "dense";

/** Rows per run, as Node's predict batches them: bounds the wasm heap a large request takes. */
const BATCH_ROWS = 8192;

export interface BrowserModel {
  tasks: TaskSpec[];
  schema: FittedSchema;
  /** The mtrec version that trained the model. */
  mtrec: string;
  /**
   * Per task (and per funnel head), one score per candidate: a probability for binary tasks,
   * a value for regression, the numbers Node's `load(dir).predict` gives.
   */
  score(candidates: RequestCandidates, context?: RequestRow): Promise<Record<string, Float32Array>>;
  /** Candidate indices best first (the top `k` when given), ties by index; with the scores and every candidate's fused score. */
  rank(
    candidates: RequestCandidates,
    fusion: FusionSpec,
    opts?: { context?: RequestRow; k?: number },
  ): Promise<{ order: Int32Array; scores: Record<string, Float32Array>; fused: Float64Array }>;
  /** Frees the session's wasm memory. */
  release(): Promise<void>;
}

/**
 * A model directory read in a page: `config.json`, `schema.json` and `vocab/` parsed by the code
 * Node uses, `model.onnx` run by onnxruntime-web. Set `ort.env.wasm` (wasmPaths, numThreads)
 * before the first load; `sessionOptions` go to `InferenceSession.create` (default: the wasm backend).
 */
export async function loadBrowserModel(
  source: BrowserModelSource,
  opts: { sessionOptions?: ort.InferenceSession.SessionOptions } = {},
): Promise<BrowserModel> {
  const files = browserFiles(source);
  const [configText, schema, graph] = await Promise.all([files.text("config.json"), readFittedSchema(files), files.bytes("model.onnx")]);
  const config = parseBrowserConfig(files.where("config.json"), configText);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(graph, { executionProviders: ["wasm"], ...opts.sessionOptions });
  } catch (err) {
    throw new MtrecError("MODEL_FILE", `mtrec: ${files.where("model.onnx")}: onnxruntime-web cannot load it (${(err as Error).message})`, {
      cause: err,
    });
  }
  checkInputs(session, schema, files.where("model.onnx"));
  const score = async (candidates: RequestCandidates, context?: RequestRow) => {
    const { columns } = requestColumns(schema, candidates, context);
    return run(session, schema, config.tasks, encodeColumns("candidates", columns, schema, { labels: false }));
  };
  return {
    tasks: config.tasks,
    schema,
    mtrec: config.mtrec,
    score,
    rank: async (candidates, fusion, o = {}) => {
      if (o.k !== undefined && !(Number.isInteger(o.k) && o.k >= 1))
        throw new MtrecError("BAD_ARGUMENT", `mtrec: rank: k must be a whole number ≥ 1, got ${o.k}`);
      const scores = await score(candidates, o.context);
      const { order, fused } = rankFused(scores, fusion);
      return { order: o.k === undefined ? order : order.slice(0, o.k), scores, fused };
    },
    release: () => session.release(),
  };
}

/** Every input the graph reads must be one the encoder fills: a sparse feature's ids or the dense matrix. */
function checkInputs(session: ort.InferenceSession, schema: FittedSchema, where: string): void {
  const known = new Set([...schema.sparse.map((f) => f.name), ...(schema.dense.length > 0 ? [DENSE_INPUT] : [])]);
  const unknown = session.inputNames.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new MtrecError(
      "MODEL_FILE",
      `mtrec: ${where}: the graph reads ${unknown.map((n) => `"${n}"`).join(", ")}, which schema.json does not describe; the files are from different models`,
    );
}

async function run(
  session: ort.InferenceSession,
  schema: FittedSchema,
  tasks: TaskSpec[],
  data: EncodedData,
): Promise<Record<string, Float32Array>> {
  const predictions = session.outputNames.filter((name) => name.startsWith("pred:"));
  const scores: Record<string, Float32Array> = {};
  // tasks first, then a funnel model's heads, as Node's predict orders them
  for (const t of tasks) scores[t.name] = new Float32Array(data.rows);
  for (const name of predictions) scores[name.slice("pred:".length)] ??= new Float32Array(data.rows);
  const inputs = new Set(session.inputNames);
  const width = schema.dense.length;
  for (let s = 0; s < data.rows; s += BATCH_ROWS) {
    const e = Math.min(data.rows, s + BATCH_ROWS);
    const feeds: Record<string, ort.Tensor> = {};
    schema.sparse.forEach((f, i) => {
      if (inputs.has(f.name)) feeds[f.name] = new ort.Tensor("int32", (data.sparse[i] as Int32Array).subarray(s, e), [e - s]);
    });
    if (inputs.has(DENSE_INPUT)) feeds[DENSE_INPUT] = new ort.Tensor("float32", data.dense.subarray(s * width, e * width), [e - s, width]);
    const out = await session.run(feeds, predictions);
    for (const name of predictions)
      (scores[name.slice("pred:".length)] as Float32Array).set((out[name] as ort.Tensor).data as Float32Array, s);
  }
  return scores;
}
