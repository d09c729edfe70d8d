import type { HostTensor } from "../../src/runtime/tensor.js";

/** The float data of output `name`, failing the test clearly when it is missing. */
export function out(result: Record<string, HostTensor>, name: string): Float32Array | Float64Array {
  const t = result[name];
  if (!t) throw new Error(`no output "${name}" (have: ${Object.keys(result).join(", ")})`);
  return t.data as Float32Array | Float64Array;
}
