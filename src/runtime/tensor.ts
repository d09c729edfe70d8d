import { MtrecError } from "../errors.js";
import type { DType } from "../graph/graph.js";

export type TensorData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A plain tensor crossing the runtime boundary: typed data, element type, and dims. */
export interface HostTensor {
  type: DType;
  data: TensorData;
  dims: readonly number[];
}

export function hostTensor(type: DType, data: TensorData, dims: readonly number[]): HostTensor {
  const n = dims.reduce((p, d) => p * d, 1);
  if (data.length !== n)
    throw new MtrecError("BAD_DATA", `mtrec: tensor of dims [${dims.join(", ")}] needs ${n} values, got ${data.length}`);
  return { type, data, dims };
}

export function allocate(type: DType, dims: readonly number[]): HostTensor {
  const n = dims.reduce((p, d) => p * d, 1);
  const data =
    type === "float32"
      ? new Float32Array(n)
      : type === "float64"
        ? new Float64Array(n)
        : type === "int64"
          ? new BigInt64Array(n)
          : type === "int32"
            ? new Int32Array(n)
            : new Uint8Array(n);
  return { type, data, dims };
}
