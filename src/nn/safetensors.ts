import { readFile } from "node:fs/promises";
import { MtrecError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import type { Parameter } from "./parameter.js";

/**
 * The safetensors layout (huggingface/safetensors), so PyTorch can read our weights and we can
 * read theirs: a u64 little-endian header length N, N bytes of JSON header padded with spaces to
 * a multiple of 8 (so the data section starts 8-aligned), then the raw little-endian tensor data.
 * Each header entry is {"dtype", "shape", "data_offsets": [begin, end]} relative to the data
 * section; "__metadata__" maps strings to strings. The entries must tile the data section exactly.
 */

const ARRAYS = {
  F32: Float32Array,
  F64: Float64Array,
  I64: BigInt64Array,
  I32: Int32Array,
  U8: Uint8Array,
} as const;
export type Dtype = keyof typeof ARRAYS;
interface ArrayOf {
  F32: Float32Array;
  F64: Float64Array;
  I64: BigInt64Array;
  I32: Int32Array;
  U8: Uint8Array;
}
/** A tensor whose `data` array type follows its `dtype`. */
export type Tensor = { [D in Dtype]: { dtype: D; shape: number[]; data: ArrayOf[D] } }[Dtype];
export interface Safetensors {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const METADATA_KEY = "__metadata__";
const DTYPES = Object.keys(ARRAYS).join(", ");
const BIG_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const header: [string, unknown][] = [];
  // PyTorch's writer puts the metadata first and leaves it out when there is none
  if (metadata && Object.keys(metadata).length > 0) header.push([METADATA_KEY, metadata]);
  let end = 0;
  for (const [name, { dtype, shape, data }] of Object.entries(tensors)) {
    const where = `mtrec: encoding safetensors: tensor "${name}"`;
    if (name === METADATA_KEY) throw new MtrecError("MODEL_FILE", `${where}: the name is reserved for the metadata`);
    if (!Object.hasOwn(ARRAYS, dtype) || !(data instanceof ARRAYS[dtype]))
      throw new MtrecError("MODEL_FILE", `${where}: data is not a ${dtype} array`);
    if (elementCount(shape) !== data.length)
      throw new MtrecError("MODEL_FILE", `${where}: shape [${shape.join(", ")}] needs ${elementCount(shape)} values, got ${data.length}`);
    header.push([name, { dtype, shape, data_offsets: [end, end + data.byteLength] }]);
    end += data.byteLength;
  }
  // fromEntries, not assignment: a tensor named "__proto__" must stay a tensor
  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(header)));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + end);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { data } of Object.values(tensors)) {
    const out = bytes.subarray(at, at + data.byteLength);
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (BIG_ENDIAN_HOST) reverseEachElement(out, data.BYTES_PER_ELEMENT);
    at += data.byteLength;
  }
  return bytes;
}

/** Parse and check a whole file; tensor data are fresh, aligned copies, never views into `bytes`. */
export function decodeSafetensors(bytes: Uint8Array, source = "<buffer>"): Safetensors {
  const fail = (what: string): never => {
    throw new MtrecError("MODEL_FILE", `mtrec: ${source}: ${what}`);
  };
  if (bytes.length < 8)
    fail(`the file is ${bytes.length} bytes, shorter than the 8-byte header length: it is truncated, or not safetensors`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8))
    fail(`the header length says ${headerLength} bytes, but only ${bytes.length - 8} follow: the file is truncated, or not safetensors`);
  const dataStart = 8 + Number(headerLength);
  const { entries, metadata } = parseHeader(bytes.subarray(8, dataStart), fail);
  const data = bytes.subarray(dataStart);
  checkTiling(entries, data.length, fail);
  const tensors = entries.map(({ name, dtype, shape, begin, end }) => {
    const copy = new ARRAYS[dtype](elementCount(shape));
    const out = new Uint8Array(copy.buffer);
    out.set(data.subarray(begin, end));
    if (BIG_ENDIAN_HOST) reverseEachElement(out, copy.BYTES_PER_ELEMENT);
    return [name, { dtype, shape, data: copy } as Tensor] as const;
  });
  return { tensors: Object.fromEntries(tensors), metadata };
}

/** Write `params` as F32 tensors under their names, atomically. */
export async function saveParameters(path: string, params: readonly Parameter[], metadata?: Record<string, string>): Promise<void> {
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name))
      throw new MtrecError("MODEL_FILE", `mtrec: ${path}: two parameters are named "${p.name}"; each needs its own name in the file`);
    seen.add(p.name);
  }
  const tensors = Object.fromEntries(params.map((p) => [p.name, { dtype: "F32", shape: [...p.shape], data: p.data } as Tensor]));
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Fill `params` in place from a file written for the same model, and return its metadata. Every
 * name, dtype and shape is checked before the first value is copied, so a refused file leaves
 * the model exactly as it was.
 */
export async function loadParameters(path: string, params: readonly Parameter[]): Promise<Record<string, string>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new MtrecError("MODEL_FILE", `mtrec: ${path}: cannot read the weights (${(err as Error).message})`, { cause: err });
  }
  const { tensors, metadata } = decodeSafetensors(bytes, path);
  const problems = mismatches(tensors, params);
  if (problems.length > 0)
    throw new MtrecError("MODEL_FILE", `mtrec: ${path}: does not fit this model; no parameter was changed.\n  ${problems.join("\n  ")}`);
  for (const p of params) p.data.set((tensors[p.name] as Tensor).data as Float32Array);
  return metadata;
}

function mismatches(tensors: Record<string, Tensor>, params: readonly Parameter[]): string[] {
  const expected = new Set(params.map((p) => p.name));
  const missing = params.filter((p) => !Object.hasOwn(tensors, p.name)).map((p) => `"${p.name}"`);
  const unexpected = Object.keys(tensors)
    .filter((name) => !expected.has(name))
    .map((name) => `"${name}"`);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing from the file: ${missing.join(", ")}`);
  if (unexpected.length > 0) problems.push(`in the file but not in the model: ${unexpected.join(", ")}`);
  for (const p of params) {
    if (!Object.hasOwn(tensors, p.name)) continue;
    const found = tensors[p.name] as Tensor;
    const want = `F32 [${p.shape.join(", ")}]`;
    const got = `${found.dtype} [${found.shape.join(", ")}]`;
    if (want !== got) problems.push(`parameter "${p.name}": expected ${want}, found ${got}`);
  }
  return problems;
}

interface Entry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}
type Fail = (what: string) => never;

function parseHeader(headerBytes: Uint8Array, fail: Fail): { entries: Entry[]; metadata: Record<string, string> } {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (err) {
    fail(`the header is not UTF-8 JSON (${(err as Error).message})`);
  }
  if (!isObject(header)) return fail("the header is not a JSON object");
  const metadata = header[METADATA_KEY] ?? {};
  if (!isObject(metadata)) return fail(`"${METADATA_KEY}" is not an object of strings`);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string") fail(`"${METADATA_KEY}" must map strings to strings, but "${key}" is ${JSON.stringify(value)}`);
  }
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, info]) => parseEntry(name, info, fail));
  return { entries, metadata: metadata as Record<string, string> };
}

function parseEntry(name: string, info: unknown, fail: Fail): Entry {
  const where = `tensor "${name}"`;
  if (!isObject(info)) return fail(`${where}: expected {"dtype", "shape", "data_offsets"}, got ${JSON.stringify(info)}`);
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== "string" || !Object.hasOwn(ARRAYS, dtype))
    return fail(`${where}: dtype ${JSON.stringify(dtype)} is not supported (supported: ${DTYPES})`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    return fail(`${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!isRange(offsets)) return fail(`${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`);
  const [begin, end] = offsets;
  const needed = elementCount(shape) * ARRAYS[dtype as Dtype].BYTES_PER_ELEMENT;
  if (end - begin !== needed)
    fail(
      `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape [${shape.join(", ")}] of ${dtype} needs ${needed}`,
    );
  return { name, dtype: dtype as Dtype, shape, begin, end };
}

/** The entries, in offset order, must cover the data section exactly once, as PyTorch's reader demands. */
function checkTiling(entries: Entry[], dataLength: number, fail: Fail): void {
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const entry of byOffset) {
    const at = `tensor "${entry.name}" at data_offsets [${entry.begin}, ${entry.end}]`;
    if (entry.begin < covered && previous) fail(`${at} overlaps tensor "${previous.name}" at [${previous.begin}, ${previous.end}]`);
    if (entry.begin > covered) fail(`bytes [${covered}, ${entry.begin}) of the data section belong to no tensor (a gap before ${at})`);
    if (entry.end > dataLength)
      fail(`${at} runs past the end of the data section (${dataLength} bytes): the file is truncated, or its offsets are out of range`);
    covered = entry.end;
    previous = entry;
  }
  if (covered < dataLength) fail(`${dataLength - covered} trailing bytes after the last tensor belong to no tensor`);
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function isCount(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

function isRange(x: unknown): x is [number, number] {
  if (!Array.isArray(x) || x.length !== 2) return false;
  const [begin, end] = x as unknown[];
  return isCount(begin) && isCount(end) && begin <= end;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

// safetensors is little-endian on disk whatever the host; only a big-endian host needs this.
function reverseEachElement(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
