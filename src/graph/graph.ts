import { MtrecError } from "../errors.js";
import type { AttrValue, ElemTypeName, NodeDef, TensorDef } from "../onnx/model.js";

/** Element type of a symbolic tensor. Float tensors take the graph's float type. */
/** What a graph's values hold; the 16-bit floats are only written by hand (bench/precision.ts). */
export type DType = Exclude<ElemTypeName, "float16" | "bfloat16">;
export type FloatType = "float32" | "float64";
/** A dimension: a number, or the name of a symbolic dimension (the batch, "B"). */
export type Dim = number | string;
export const BATCH = "B";

/**
 * Returns the gradient with respect to each input of the node that produced a value,
 * given the gradient `gy` flowing into that value. `needs[i]` is false where input i
 * leads to no requested gradient: a rule skips that work and returns null there.
 */
export type GradRule = (gy: Sym, needs: readonly boolean[]) => (Sym | null)[];

/** A symbolic tensor: the output of one node (or a graph input) in a traced graph. */
export class Sym {
  gradRule: GradRule | undefined;
  /**
   * The values `gradRule` differentiates with respect to: the node's own inputs, unless a
   * primitive spans several ONNX nodes and names its true operands here.
   */
  gradInputs: readonly Sym[];
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly name: string,
    readonly dtype: DType,
    readonly shape: readonly Dim[],
    readonly inputs: readonly Sym[],
  ) {
    this.gradInputs = inputs;
  }
  get rank(): number {
    return this.shape.length;
  }
  get isFloat(): boolean {
    return this.dtype === "float32" || this.dtype === "float64";
  }
  toString(): string {
    return `${this.name}[${this.shape.join(",")}]:${this.dtype}`;
  }
}

export interface GraphInput {
  sym: Sym;
  /**
   * "param" inputs are fed from a parameter's buffer, "data" inputs from a batch column,
   * "gather" inputs with table rows picked by an index column.
   */
  kind: "param" | "data" | "gather";
  /** The key the feeder uses (parameter or buffer name); defaults to the sym name. */
  key: string;
}

export interface GraphOutput {
  name: string;
  sym: Sym;
}

/** A batch input filled from rows of an embedding table kept outside the graph. */
export interface GatherInput {
  /** The table parameter's name. */
  table: string;
  /** The batch column holding row indices (Int32Array). */
  column: string;
  sym: Sym;
}

/** A buffer the step updates from a value the graph computes (batch norm's running stats). */
export interface BufferUpdate {
  buffer: string;
  value: Sym;
  momentum: number;
  /** Scale by n/(n−1) first: a biased batch variance becoming an unbiased running one. */
  unbias: boolean;
}

export interface GraphOptions {
  floatType?: FloatType;
  /** Training mode: dropout active, batch norm uses batch statistics. Default true. */
  training?: boolean;
  /** Seed for in-graph randomness (dropout). */
  seed?: number;
  /**
   * Embedding lookups as ONNX Gather on the whole table (inference and export). When
   * false (training), a batch's rows are gathered outside and fed as inputs.
   */
  tablesInGraph?: boolean;
}

export interface NodeOptions {
  attrs?: Record<string, AttrValue>;
  dtype?: DType;
  shape?: readonly Dim[];
}

/**
 * A traced computation. Ops append ONNX nodes as they are called, so the node list is
 * always in topological order and ids grow along it; `grad` relies on both.
 */
export class Graph {
  readonly nodes: NodeDef[] = [];
  readonly initializers: TensorDef[] = [];
  readonly inputs: GraphInput[] = [];
  readonly outputs: GraphOutput[] = [];
  private nextId = 0;
  private readonly constCache = new Map<string, Sym>();
  private readonly boundByKey = new Map<string, Sym>();
  private readonly names = new Set<string>();

  readonly gathers: GatherInput[] = [];
  readonly bufferUpdates: BufferUpdate[] = [];
  readonly floatType: FloatType;
  readonly training: boolean;
  readonly seed: number;
  readonly tablesInGraph: boolean;

  constructor(opts: GraphOptions = {}) {
    this.floatType = opts.floatType ?? "float32";
    this.training = opts.training ?? true;
    this.seed = opts.seed ?? 0;
    this.tablesInGraph = opts.tablesInGraph ?? !this.training;
  }

  private freshName(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  private sym(name: string, dtype: DType, shape: readonly Dim[], inputs: readonly Sym[]): Sym {
    return new Sym(this, this.nextId++, name, dtype, shape, inputs);
  }

  /** A batch (data) input. Float inputs take the graph's float type unless `dtype` says otherwise. */
  input(name: string, shape: readonly Dim[], dtype?: DType): Sym {
    if (this.names.has(name)) throw new MtrecError("GRAPH", `mtrec: graph input "${name}" is declared twice`);
    const s = this.sym(this.freshName(name), dtype ?? this.floatType, shape, []);
    this.inputs.push({ sym: s, kind: "data", key: name });
    return s;
  }

  /** A data input filled with rows of `table` picked by the batch column `column`. */
  gather(table: string, column: string, dim: number): Sym {
    const have = this.gathers.find((x) => x.table === table && x.column === column);
    if (have) return have.sym;
    const sym = this.sym(this.freshName(`${table}@${column}`), this.floatType, [BATCH, dim], []);
    this.inputs.push({ sym, kind: "gather", key: column });
    this.gathers.push({ table, column, sym });
    return sym;
  }

  /** The input fed from a parameter (or buffer) called `key`; one per key per graph. */
  bind(key: string, shape: readonly Dim[]): Sym {
    const have = this.boundByKey.get(key);
    if (have) return have;
    const s = this.sym(this.freshName(key), this.floatType, shape, []);
    this.inputs.push({ sym: s, kind: "param", key });
    this.boundByKey.set(key, s);
    return s;
  }

  /** A constant, cached by value so repeated scalars share one initializer. */
  constant(values: ArrayLike<number>, shape: readonly number[], dtype?: DType): Sym {
    const type = dtype ?? this.floatType;
    const key = `${type}|${shape.join(",")}|${Array.from(values).join(",")}`;
    const cached = values.length <= 16 ? this.constCache.get(key) : undefined;
    if (cached) return cached;
    const s = this.sym(this.freshName("const"), type, shape, []);
    this.initializers.push({ name: s.name, type, dims: [...shape], data: typedArrayOf(type, values) });
    if (values.length <= 16) this.constCache.set(key, s);
    return s;
  }

  scalar(value: number, dtype?: DType): Sym {
    return this.constant([value], [], dtype);
  }

  /** Appends one ONNX node with a single output and returns that output. */
  node(opType: string, inputs: readonly Sym[], opts: NodeOptions = {}): Sym {
    const first = inputs[0];
    const dtype = opts.dtype ?? first?.dtype ?? this.floatType;
    const shape = opts.shape ?? first?.shape ?? [];
    const out = this.sym(this.freshName(`${opType.toLowerCase()}_${this.nextId}`), dtype, shape, inputs);
    this.nodes.push({
      opType,
      inputs: inputs.map((s) => s.name),
      outputs: [out.name],
      attrs: opts.attrs,
    });
    return out;
  }

  /** Declares `sym` a graph output called `name` (a fresh value name, emitted through Identity). */
  output(name: string, sym: Sym): void {
    if (this.names.has(name)) throw new MtrecError("GRAPH", `mtrec: graph output "${name}" clashes with a value of that name`);
    this.names.add(name);
    this.outputs.push({ name, sym });
  }

  private seedCounter = 0;
  /** A distinct seed for each random op, derived from the graph's seed. */
  nextSeed(): number {
    return this.seed * 7919 + ++this.seedCounter;
  }

  /**
   * True when the graph holds random ops, whose generators advance on every run: such a
   * graph needs a session of its own, or two runs with one seed would not repeat.
   */
  get stateful(): boolean {
    return this.seedCounter > 0;
  }
}

export function typedArrayOf(
  type: DType,
  values: ArrayLike<number>,
): Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array {
  switch (type) {
    case "float32":
      return Float32Array.from(values);
    case "float64":
      return Float64Array.from(values);
    case "int64":
      return BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    case "int32":
      return Int32Array.from(values);
    case "bool":
      return Uint8Array.from(values, (v) => (v ? 1 : 0));
  }
}
