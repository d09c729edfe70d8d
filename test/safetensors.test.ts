import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeFileAtomic, writeFileAtomicSync } from "../src/nn/atomic-write.js";
import { Parameter } from "../src/nn/parameter.js";
import { Rng } from "../src/nn/rng.js";
import { decodeSafetensors, encodeSafetensors, loadParameters, saveParameters, type Tensor } from "../src/nn/safetensors.js";

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A file laid out by hand from the spec: u64 LE header length, the JSON padded with spaces to 8, the data. */
function handBuilt(headerJson: string, data: number[]): Uint8Array {
  const json = [...Buffer.from(headerJson, "utf8")];
  while (json.length % 8 !== 0) json.push(0x20);
  const length = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Math.floor(json.length / 256 ** i) % 256);
  return Uint8Array.from([...length, ...json, ...data]);
}

/** Random bit patterns, so NaNs with payloads, subnormals and infinities all occur. */
function randomBits(rng: Rng, bytes: number): Uint8Array {
  const words = new Uint32Array(bytes / 4).map(() => rng.nextUint32());
  return new Uint8Array(words.buffer);
}

function sample(): Record<string, Tensor> {
  const rng = new Rng(7);
  const f32 = new Float32Array(randomBits(rng, 4 * 600).buffer);
  f32.set([-0, 0, Number.POSITIVE_INFINITY, 1e-45, Math.fround(Math.PI)]);
  new Uint32Array(f32.buffer).set([0x7fc00001, 0xffbadbad], 5); // quiet NaN with payload, negative NaN
  const f64 = new Float64Array(randomBits(rng, 8 * 300).buffer);
  f64.set([-0, Number.MIN_VALUE]);
  new BigUint64Array(f64.buffer).set([0x7ff8_0000_dead_beefn], 2);
  const i64 = BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 1234567890123456789n, 5n]);
  return {
    "tower.ctr.weight": { dtype: "F32", shape: [20, 30], data: f32 },
    "bn.running_var": { dtype: "F64", shape: [300], data: f64 },
    step: { dtype: "I64", shape: [2, 3], data: i64 },
    ids: { dtype: "I32", shape: [3], data: Int32Array.from([-(2 ** 31), 2 ** 31 - 1, 0]) },
    mask: { dtype: "U8", shape: [1, 256], data: Uint8Array.from({ length: 256 }, (_, i) => i) },
    scalar: { dtype: "F32", shape: [], data: Float32Array.of(2.5) },
  };
}

function dataOf(tensors: Record<string, Tensor>, name: string): Tensor["data"] {
  const tensor = tensors[name];
  assert.ok(tensor, `no tensor "${name}" was decoded`);
  return tensor.data;
}

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-safetensors-"));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Checks an error starts with `mtrec: ${source}: ` and contains every fragment. */
function refusal(source: string, ...fragments: string[]): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof Error);
    assert.ok(err.message.startsWith(`mtrec: ${source}: `), `"${err.message}" does not start with the source`);
    for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" does not mention ${f}`);
    return true;
  };
}

test("a safetensors round trip is bit-exact for every dtype, NaN payloads and -0 included", () => {
  const tensors = sample();
  const decoded = decodeSafetensors(encodeSafetensors(tensors, { epoch: "3" }));
  assert.deepEqual(decoded.metadata, { epoch: "3" });
  assert.deepEqual(Object.keys(decoded.tensors), Object.keys(tensors));
  for (const [name, t] of Object.entries(tensors)) {
    const d = decoded.tensors[name];
    assert.ok(d, name);
    assert.equal(d.dtype, t.dtype, name);
    assert.deepEqual(d.shape, t.shape, name);
    assert.equal(d.data.constructor, t.data.constructor, name);
    assert.deepEqual(bytesOf(d.data), bytesOf(t.data), name);
  }
});

test("encoded bytes are exactly the safetensors layout written out by hand from the spec", () => {
  const header = `{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"n":{"dtype":"I64","shape":[1],"data_offsets":[8,16]}}`;
  // 1.0f and -2.0f, then 258 as a little-endian int64
  const data = [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x02, 0x01, 0, 0, 0, 0, 0, 0];
  const expected = handBuilt(header, data);
  const encoded = encodeSafetensors(
    { w: { dtype: "F32", shape: [2], data: Float32Array.of(1, -2) }, n: { dtype: "I64", shape: [1], data: BigInt64Array.of(258n) } },
    { format: "pt" },
  );
  assert.equal((encoded.length - 16) % 8, 0, "the data section starts 8-aligned");
  assert.deepEqual(encoded, expected);
  const decoded = decodeSafetensors(expected);
  assert.deepEqual([...dataOf(decoded.tensors, "w")], [1, -2]);
  assert.deepEqual([...dataOf(decoded.tensors, "n")], [258n]);
});

test("the example file in the reference implementation's docs, header unpadded, decodes", () => {
  const header = `{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}`;
  const file = Uint8Array.from([header.length, 0, 0, 0, 0, 0, 0, 0, ...Buffer.from(header), ...new Array(16).fill(0)]);
  assert.equal(file[0], 0x3c);
  const { tensors, metadata } = decodeSafetensors(file);
  assert.deepEqual(metadata, {});
  assert.deepEqual(tensors.test, { dtype: "I32", shape: [2, 2], data: new Int32Array(4) });
});

test("header entries listed out of data order are placed by their offsets", () => {
  const header = `{"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`;
  const { tensors } = decodeSafetensors(handBuilt(header, [0, 0, 0x80, 0x3f, 7, 9]));
  assert.deepEqual([...dataOf(tensors, "a")], [1]);
  assert.deepEqual([...dataOf(tensors, "b")], [7, 9]);
});

test("decoded tensors are aligned copies even when the file bytes sit at an odd offset", () => {
  const file = encodeSafetensors({ x: { dtype: "F64", shape: [3], data: Float64Array.of(1.5, -0.25, 1e300) } });
  const shifted = new Uint8Array(file.length + 1);
  shifted.set(file, 1);
  const x = dataOf(decodeSafetensors(shifted.subarray(1)).tensors, "x");
  assert.equal(x.byteOffset % 8, 0);
  shifted.fill(0);
  assert.deepEqual([...x], [1.5, -0.25, 1e300]);
});

test("a file cut short at any byte is refused as truncated", () => {
  const file = encodeSafetensors(sample());
  for (let cut = 0; cut < file.length; cut += cut < 64 ? 1 : 97) {
    assert.throws(() => decodeSafetensors(file.subarray(0, cut), "w.safetensors"), refusal("w.safetensors", "truncated"), `cut at ${cut}`);
  }
});

test("a header whose shape was altered is refused, naming the tensor and both sizes", () => {
  const file = encodeSafetensors({ "tower.w": { dtype: "F32", shape: [2, 3], data: new Float32Array(6) } });
  const text = Buffer.from(file).toString("latin1").replace(`"shape":[2,3]`, `"shape":[3,3]`);
  const altered = Uint8Array.from(Buffer.from(text, "latin1"));
  assert.equal(altered.length, file.length);
  assert.throws(() => decodeSafetensors(altered, "m.safetensors"), refusal("m.safetensors", `tensor "tower.w"`, "24 bytes", "needs 36"));
});

test("bytes after the last tensor are refused as trailing", () => {
  const file = encodeSafetensors({ x: { dtype: "U8", shape: [3], data: Uint8Array.of(1, 2, 3) } });
  assert.throws(() => decodeSafetensors(Uint8Array.from([...file, 0, 0]), "t"), refusal("t", "2 trailing bytes"));
});

test("a gap between tensors is refused", () => {
  const header = `{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}`;
  assert.throws(() => decodeSafetensors(handBuilt(header, [1, 2, 3])), refusal("<buffer>", "[1, 2)", "gap", `tensor "b"`));
});

test("overlapping tensors are refused, naming both", () => {
  const header = `{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}`;
  assert.throws(() => decodeSafetensors(handBuilt(header, [1, 2, 3])), refusal("<buffer>", `tensor "b"`, "overlaps", `tensor "a"`));
});

test("an unsupported dtype is refused, naming the tensor and the supported dtypes", () => {
  const header = `{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}`;
  assert.throws(() => decodeSafetensors(handBuilt(header, [0, 0])), refusal("<buffer>", `tensor "h"`, `"F16"`, "F32, F64, I64, I32, U8"));
});

test("a header that is not JSON is refused", () => {
  assert.throws(() => decodeSafetensors(handBuilt(`{"a":`, [])), refusal("<buffer>", "not UTF-8 JSON"));
});

test("encoding refuses a tensor whose shape does not match its data", () => {
  assert.throws(
    () => encodeSafetensors({ w: { dtype: "F32", shape: [2, 2], data: new Float32Array(3) } }),
    /tensor "w": shape \[2, 2\] needs 4 values, got 3/,
  );
});

const model = (): Parameter[] => [
  new Parameter("bottom.weight", [2, 3], Float32Array.of(1, 2, 3, 4, 5, 6)),
  new Parameter("tower.bias", [2], Float32Array.of(7, 8)),
];

test("loadParameters fills the parameters in place and returns the metadata", () =>
  withTempDir(async (dir) => {
    const path = join(dir, "weights.safetensors");
    await saveParameters(path, model(), { epoch: "4" });
    const fresh = model().map((p) => new Parameter(p.name, p.shape, new Float32Array(p.size)));
    const arrays = fresh.map((p) => p.data);
    assert.deepEqual(await loadParameters(path, fresh), { epoch: "4" });
    assert.deepEqual(
      fresh.map((p) => [...p.data]),
      model().map((p) => [...p.data]),
    );
    assert.ok(fresh.every((p, i) => p.data === arrays[i]));
  }));

test("loadParameters refuses a shape mismatch, naming the parameter, and changes nothing", () =>
  withTempDir(async (dir) => {
    const path = join(dir, "weights.safetensors");
    await saveParameters(path, model());
    const target = [new Parameter("bottom.weight", [2, 3], new Float32Array(6)), new Parameter("tower.bias", [3], new Float32Array(3))];
    await assert.rejects(loadParameters(path, target), refusal(path, `parameter "tower.bias": expected F32 [3], found F32 [2]`));
    assert.deepEqual(
      target.map((p) => [...p.data]),
      [
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0],
      ],
    );
  }));

test("loadParameters lists the names missing from the file and those the model lacks", () =>
  withTempDir(async (dir) => {
    const path = join(dir, "weights.safetensors");
    await saveParameters(path, model());
    const target = [new Parameter("bottom.weight", [2, 3], new Float32Array(6)), new Parameter("tower.ctr.bias", [2], new Float32Array(2))];
    await assert.rejects(
      loadParameters(path, target),
      refusal(path, `missing from the file: "tower.ctr.bias"`, `not in the model: "tower.bias"`),
    );
  }));

test("loadParameters refuses a tensor of another dtype", () =>
  withTempDir(async (dir) => {
    const path = join(dir, "weights.safetensors");
    await writeFile(path, encodeSafetensors({ w: { dtype: "F64", shape: [2], data: new Float64Array(2) } }));
    await assert.rejects(
      loadParameters(path, [new Parameter("w", [2], new Float32Array(2))]),
      refusal(path, `parameter "w": expected F32 [2], found F64 [2]`),
    );
  }));

test("saveParameters refuses two parameters with the same name", () =>
  withTempDir(async (dir) => {
    const path = join(dir, "weights.safetensors");
    const twice = [new Parameter("w", [1], new Float32Array(1)), new Parameter("w", [1], new Float32Array(1))];
    await assert.rejects(saveParameters(path, twice), refusal(path, `"w"`));
    await assert.rejects(stat(path), { code: "ENOENT" });
  }));

const writers = [
  ["writeFileAtomic", writeFileAtomic],
  ["writeFileAtomicSync", async (path: string, bytes: Uint8Array | string) => writeFileAtomicSync(path, bytes)],
] as const;

for (const [label, write] of writers) {
  test(`${label} replaces the file and leaves no temp file behind`, () =>
    withTempDir(async (dir) => {
      const path = join(dir, "weights.safetensors");
      await writeFile(path, "old");
      await write(path, Uint8Array.of(1, 2, 3));
      assert.deepEqual(await readFile(path), Buffer.from([1, 2, 3]));
      assert.deepEqual(await readdir(dir), ["weights.safetensors"]);
    }));

  test(`${label} failing at the rename removes its temp file and leaves the target as it was`, () =>
    withTempDir(async (dir) => {
      const path = join(dir, "weights.safetensors");
      await mkdir(path);
      await writeFile(join(path, "keep"), "kept");
      await assert.rejects(write(path, "new"), refusal(path, "could not write", "unchanged"));
      assert.deepEqual(await readdir(dir), ["weights.safetensors"]);
      assert.equal(await readFile(join(path, "keep"), "utf8"), "kept");
    }));
}

test(
  "writeFileAtomic failing mid-write (file size limit) keeps the old file and removes the temp",
  { skip: process.platform === "win32" },
  () =>
    withTempDir(async (dir) => {
      const path = join(dir, "weights.safetensors");
      await writeFile(path, "old weights");
      const module = new URL("../src/nn/atomic-write.js", import.meta.url).href;
      const script = `const { writeFileAtomic } = await import(${JSON.stringify(module)});
      await writeFileAtomic(${JSON.stringify(path)}, new Uint8Array(1 << 22)).catch((e) => { console.error(e.message); process.exit(3); });`;
      // the limit (in 512- or 1024-byte blocks) makes write() fail with EFBIG, like a full disk
      const child = spawnSync("/bin/sh", ["-c", `ulimit -f 64 && exec "$0" --input-type=module -e "$1"`, process.execPath, script], {
        encoding: "utf8",
      });
      assert.equal(child.status, 3, child.stderr);
      assert.match(child.stderr, /mtrec: .*weights\.safetensors: could not write \(EFBIG/);
      assert.equal(await readFile(path, "utf8"), "old weights");
      assert.deepEqual(await readdir(dir), ["weights.safetensors"]);
    }),
);
