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

/** A session and how many Programs hold it; shared ones are cached by thread count and bytes. */
interface Held {
  session: Promise<ort.InferenceSession>;
  holders: number;
  key: string | undefined;
}

const sessions = new Map<string, Held>();

function toOrt(t: HostTensor): ort.Tensor {
  return new ort.Tensor(ortType[t.type], t.data as never, t.dims);
}

/**
 * A compiled graph: one ONNX Runtime session, shared by every Program built from the same
 * bytes and thread count. The only module that talks to onnxruntime-node.
 */
export class Program {
  private released = false;

  private constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    private readonly session: ort.InferenceSession,
    private readonly held: Held,
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
    const key = opts.shared === false ? undefined : `${threads}:${createHash("sha256").update(bytes).digest("hex")}`;
    let held = key === undefined ? undefined : sessions.get(key);
    if (!held) {
      const fresh: Held = { session: create(), holders: 0, key };
      if (key !== undefined) {
        sessions.set(key, fresh);
        fresh.session.catch(() => sessions.delete(key));
      }
      held = fresh;
    }
    // counted before the await, so a release meanwhile cannot free a session still being handed out
    held.holders++;
    try {
      return new Program(name, bytes, await held.session, held);
    } catch (e) {
      throw new MtrecError("RUNTIME", `mtrec: ONNX Runtime refused graph "${name}": ${(e as Error).message}`);
    }
  }

  /**
   * Gives the session back: the last Program holding it frees it, and ONNX Runtime's memory
   * for it (arena, pre-packed weights). A released Program does not run again.
   */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.held.holders--;
    if (this.held.holders > 0) return;
    if (this.held.key !== undefined && sessions.get(this.held.key) === this.held) sessions.delete(this.held.key);
    await this.session.release();
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
    if (this.released) throw new MtrecError("INTERNAL", `mtrec: graph "${this.name}" was run after its session was released`);
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
