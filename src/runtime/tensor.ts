import type { DType } from "../graph/graph.js";

export type TensorData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A plain tensor crossing the runtime boundary: typed data, element type, and dims. */
export interface HostTensor {
  type: DType;
  data: TensorData;
  dims: readonly number[];
}
