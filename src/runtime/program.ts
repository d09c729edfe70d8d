import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import ort from "onnxruntime-node";
import { MtrecError } from "../errors.js";
import { toModelDef } from "../graph/build.js";
import type { DType, Graph } from "../graph/graph.js";
import { encodeModel } from "../onnx/model.js";
import { lap, type PhaseTimes } from "./phase-times.js";
import type { HostTensor } from "./tensor.js";

export interface RuntimeOptions {
  /** Intra-op threads; default: every core. */
  threads?: number;
}

const ortType: Record<DType, ort.Tensor.Type> = {
  float32: "float32",
  float64: "float64",
  int64: "int64",
  int32: "int32",
  bool: "bool",
};

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function toOrt(t: HostTensor): ort.Tensor {
  return new ort.Tensor(ortType[t.type], t.data as never, t.dims);
}

/**
 * A compiled graph: one ONNX Runtime session, shared by every Program built from the same
 * bytes and thread count. The only module that talks to onnxruntime-node.
 */
export class Program {
  private constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    private readonly session: ort.InferenceSession,
  ) {}

  static async fromGraph(graph: Graph, name: string, opts: RuntimeOptions = {}): Promise<Program> {
    return Program.fromBytes(encodeModel(toModelDef(graph, name)), name, { ...opts, shared: !graph.stateful });
  }

  /** `shared: false` gives a session of its own (graphs with random ops). */
  static async fromBytes(bytes: Uint8Array, name: string, opts: RuntimeOptions & { shared?: boolean } = {}): Promise<Program> {
    const threads = opts.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: threads must be a whole number ≥ 1, got ${threads}`);
    const create = () =>
      ort.InferenceSession.create(bytes, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
      });
    const key = `${threads}:${createHash("sha256").update(bytes).digest("hex")}`;
    let pending = opts.shared === false ? undefined : sessions.get(key);
    if (!pending) {
      pending = create();
      if (opts.shared !== false) {
        sessions.set(key, pending);
        pending.catch(() => sessions.delete(key));
      }
    }
    try {
      return new Program(name, bytes, await pending);
    } catch (e) {
      throw new MtrecError("RUNTIME", `mtrec: ONNX Runtime refused graph "${name}": ${(e as Error).message}`);
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }
  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /**
   * Runs the graph. `into` names outputs whose buffers are preallocated: ONNX Runtime writes
   * them in place. Every other output is returned in a fresh buffer. `times`, when given,
   * gets the milliseconds of wrapping the feeds, of ONNX Runtime's run, and of unwrapping the fetches.
   */
  async run(
    feeds: Record<string, HostTensor>,
    into: Record<string, HostTensor> = {},
    times?: PhaseTimes,
  ): Promise<Record<string, HostTensor>> {
    let t = times ? performance.now() : 0;
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.session.inputNames) {
      const t = feeds[name];
      if (!t) throw new MtrecError("BAD_DATA", `mtrec: graph "${this.name}" needs input "${name}", which was not fed`);
      ortFeeds[name] = toOrt(t);
    }
    const fetches: Record<string, ort.Tensor | null> = {};
    for (const name of this.session.outputNames) {
      const t = into[name];
      fetches[name] = t ? toOrt(t) : null;
    }
    if (times) t = lap(times, "feeds", t);
    const results = await this.session.run(ortFeeds, fetches as ort.InferenceSession.FetchesType);
    if (times) t = lap(times, "ortRun", t);
    const out: Record<string, HostTensor> = {};
    for (const name of this.session.outputNames) {
      const preset = into[name];
      if (preset) {
        out[name] = preset;
        continue;
      }
      const r = results[name] as ort.Tensor;
      out[name] = { type: r.type as DType, data: r.data as HostTensor["data"], dims: r.dims };
    }
    if (times) lap(times, "fetches", t);
    return out;
  }
}
