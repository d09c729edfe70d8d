import type { AttrValue, ElemTypeName, NodeDef, TensorDef } from "../onnx/model.js";

/** Element type of a symbolic tensor. Float tensors take the graph's float type. */
export type DType = ElemTypeName;
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
  /** "param" inputs are fed from a parameter's buffer; "data" inputs from the batch. */
  kind: "param" | "data";
  /** The key the feeder uses (parameter or buffer name); defaults to the sym name. */
  key: string;
}

export interface GraphOutput {
  name: string;
  sym: Sym;
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

  constructor(
    readonly floatType: FloatType = "float32",
    /** Training mode: dropout active, batch norm uses batch statistics. */
    readonly training = true,
    /** Seed for in-graph randomness (dropout); each random op offsets it. */
    readonly seed = 0,
  ) {}

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
    if (this.names.has(name)) throw new Error(`mtrec: graph input "${name}" is declared twice`);
    const s = this.sym(this.freshName(name), dtype ?? this.floatType, shape, []);
    this.inputs.push({ sym: s, kind: "data", key: name });
    return s;
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
    const out = this.sym(this.freshName(opType.toLowerCase()), dtype, shape, inputs);
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
    if (this.names.has(name)) throw new Error(`mtrec: graph output "${name}" clashes with a value of that name`);
    this.names.add(name);
    this.outputs.push({ name, sym });
  }

  private seedCounter = 0;
  /** A distinct seed for each random op, derived from the graph's seed. */
  nextSeed(): number {
    return this.seed * 7919 + ++this.seedCounter;
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
