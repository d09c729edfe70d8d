import { MtrecError } from "../errors.js";
import { onnxTypes } from "./schema.js";

/** ONNX TensorProto.DataType codes for the element types mtrec uses (float16 and bfloat16: the precision bench only). */
export const ElemType = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11, float16: 10, bfloat16: 16 } as const;
export type ElemTypeName = keyof typeof ElemType;

export const OPSET = 17;
// IR version 8 is the one that introduced opset 17 support; newer readers accept it.
const IR_VERSION = 8;

/** An attribute value. `{ float }` forces FLOAT where a whole number would encode as INT. */
export type AttrValue = number | string | number[] | TensorDef | { floats: number[] } | { float: number };
export interface NodeDef {
  opType: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
  name?: string;
}
export interface TensorDef {
  name: string;
  type: ElemTypeName;
  dims: number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;
}
export interface ValueInfo {
  name: string;
  type: ElemTypeName;
  shape: (number | string)[];
}
export interface ModelDef {
  name: string;
  nodes: NodeDef[];
  initializers: TensorDef[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  metadata?: Record<string, string>;
}

function isTensorDef(v: AttrValue): v is TensorDef {
  return typeof v === "object" && !Array.isArray(v) && "dims" in v;
}

function tensorProto(t: TensorDef) {
  return {
    name: t.name,
    data_type: ElemType[t.type],
    dims: t.dims,
    raw_data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  };
}

// Integer attributes are INT/INTS; a number with a fraction is FLOAT. Attributes that
// must be float even when whole (a random op's seed) use { float }.
function attributeProto(name: string, v: AttrValue) {
  if (typeof v === "string") return { name, type: 3, s: new TextEncoder().encode(v) };
  if (typeof v === "number") return Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  if (isTensorDef(v)) return { name, type: 4, t: tensorProto(v) };
  if ("float" in v) return { name, type: 1, f: v.float };
  return { name, type: 6, floats: v.floats };
}

function valueInfo(v: ValueInfo) {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: ElemType[v.type],
        shape: { dim: v.shape.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Encodes a model as ONNX ModelProto bytes (opset 17). */
export function encodeModel(m: ModelDef): Uint8Array {
  const { Model } = onnxTypes();
  const msg = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: "", version: OPSET }],
    producer_name: "mtrec",
    producer_version: "0.1.0",
    graph: {
      name: m.name,
      node: m.nodes.map((n, i) => ({
        name: n.name ?? `${n.opType}_${i}`,
        op_type: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attributeProto(k, v)),
      })),
      initializer: m.initializers.map(tensorProto),
      input: m.inputs.map(valueInfo),
      output: m.outputs.map(valueInfo),
    },
    metadata_props: Object.entries(m.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  const err = Model.verify(msg);
  if (err) throw new MtrecError("INTERNAL", `mtrec (internal): ONNX model does not fit the schema: ${err}`);
  return Model.encode(Model.fromObject(msg)).finish();
}

/** Decodes ModelProto bytes back to a plain object (for tests and inspection). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const { Model } = onnxTypes();
  return Model.toObject(Model.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}
