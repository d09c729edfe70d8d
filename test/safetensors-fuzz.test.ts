import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type Dtype, decodeSafetensors, encodeSafetensors, type Safetensors, type Tensor } from "../src/nn/safetensors.js";
import { FUZZ, namedOrValue } from "./helpers/fuzz.js";

const WIDTH: Record<Dtype, number> = { F32: 4, F64: 8, I64: 8, I32: 4, U8: 1 };
const ARRAY = { F32: Float32Array, F64: Float64Array, I64: BigInt64Array, I32: Int32Array, U8: Uint8Array } as const;
const SOURCE = "fuzz.safetensors";
const PREFIX = `mtrec: ${SOURCE}: `;

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const count = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** A tensor of any supported dtype and a small shape, its data random bit patterns (NaN payloads, subnormals, -0). */
const tensorArb: fc.Arbitrary<Tensor> = fc
  .tuple(fc.constantFrom<Dtype>("F32", "F64", "I64", "I32", "U8"), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }))
  .chain(([dtype, shape]) =>
    fc.uint8Array({ minLength: count(shape) * WIDTH[dtype], maxLength: count(shape) * WIDTH[dtype] }).map((raw) => {
      const data = new ARRAY[dtype](count(shape));
      bytesOf(data).set(raw);
      return { dtype, shape, data } as Tensor;
    }),
  );

/** Any names but the reserved one: empty, unicode, "__proto__", digits (which JavaScript orders first). */
const nameArb = fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), fc.constantFrom("__proto__", "0", "10", "constructor", "a.b", ""));
const fileArb = fc.record({
  tensors: fc.dictionary(
    nameArb.filter((n) => n !== "__metadata__"),
    tensorArb,
    { maxKeys: 5 },
  ),
  metadata: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 6 }), { maxKeys: 3 }),
});

/** Two decoded files hold the same names, dtypes, shapes, bit patterns and metadata. */
function assertSame(a: Safetensors, b: Safetensors): void {
  assert.deepEqual(Object.keys(a.tensors).sort(), Object.keys(b.tensors).sort());
  for (const [name, t] of Object.entries(a.tensors)) {
    const u = b.tensors[name] as Tensor;
    assert.equal(u.dtype, t.dtype, name);
    assert.deepEqual(u.shape, t.shape, name);
    assert.deepEqual(bytesOf(u.data), bytesOf(t.data), name);
  }
  assert.deepEqual({ ...a.metadata }, { ...b.metadata });
}

/** What a successful decode promises: each tensor's array has its dtype's type and its shape's length. */
function assertWellFormed(file: Safetensors): void {
  for (const [name, t] of Object.entries(file.tensors)) {
    assert.ok(t.data instanceof ARRAY[t.dtype], `${name}: ${t.dtype} data is a ${t.data.constructor.name}`);
    assert.equal(t.data.length, count(t.shape), name);
  }
  for (const v of Object.values(file.metadata)) assert.equal(typeof v, "string");
}

test("any tensors and metadata encode and decode back to the same names, dtypes, shapes and bits", () => {
  fc.assert(
    fc.property(fileArb, ({ tensors, metadata }) => {
      const decoded = decodeSafetensors(encodeSafetensors(tensors, metadata), SOURCE);
      assertSame(decoded, { tensors, metadata });
    }),
    FUZZ,
  );
});

test("a valid file with bytes overwritten, cut or appended decodes, or fails with a MODEL_FILE error naming the file", () => {
  const damage = fc.record({
    writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    appended: fc.uint8Array({ maxLength: 9 }),
  });
  fc.assert(
    fc.property(fileArb, damage, ({ tensors, metadata }, { writes, cut, appended }) => {
      const valid = encodeSafetensors(tensors, metadata);
      const bytes = new Uint8Array([...valid.subarray(0, cut === undefined ? valid.length : cut % (valid.length + 1)), ...appended]);
      for (const [at, value] of writes) if (bytes.length > 0) bytes[at % bytes.length] = value;
      const r = namedOrValue(() => decodeSafetensors(bytes, SOURCE), "MODEL_FILE", PREFIX);
      if ("value" in r) {
        assertWellFormed(r.value);
        // whatever was accepted is a real file: it writes out and reads back unchanged
        assertSame(decodeSafetensors(encodeSafetensors(r.value.tensors, r.value.metadata), SOURCE), r.value);
      }
    }),
    FUZZ,
  );
});

test("random bytes decode, or fail with a MODEL_FILE error naming the file", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const r = namedOrValue(() => decodeSafetensors(bytes, SOURCE), "MODEL_FILE", PREFIX);
      if ("value" in r) assertWellFormed(r.value);
    }),
    FUZZ,
  );
});

/** A file laid out from the spec around any header JSON: u64 LE length, the JSON padded with spaces to 8, the data. */
function withHeader(header: unknown, data: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(header) ?? "", "utf8");
  const length = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + length + data.length).fill(0x20, 8, 8 + length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + length);
  return bytes;
}

test("a header of any JSON, or of near-valid entries with wrong dtypes, shapes or offsets, decodes or fails named", () => {
  const odd = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(1.5, -0, 2 ** 53, Number.MAX_SAFE_INTEGER, "2", null, true));
  const entry = fc.record(
    {
      dtype: fc.oneof(fc.constantFrom("F32", "F64", "I64", "I32", "U8", "BF16", "f32", "toString", "__proto__"), fc.jsonValue()),
      shape: fc.oneof(fc.array(odd, { maxLength: 3 }), fc.jsonValue()),
      data_offsets: fc.oneof(fc.tuple(odd, odd), fc.array(odd, { maxLength: 3 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  const header = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constant("__metadata__")), fc.oneof(entry, fc.jsonValue()), { maxKeys: 4 }),
  );
  fc.assert(
    fc.property(header, fc.uint8Array({ maxLength: 48 }), (h, data) => {
      const r = namedOrValue(() => decodeSafetensors(withHeader(h, data), SOURCE), "MODEL_FILE", PREFIX);
      if ("value" in r) assertWellFormed(r.value);
    }),
    FUZZ,
  );
});
