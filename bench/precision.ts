import ort from "onnxruntime-node";
import { type ElemTypeName, encodeModel } from "../src/onnx/model.js";
import { type BenchResult, median } from "./result.js";

const ROUNDS = 15;
const RUNS_PER_ROUND = 4;

/**
 * The train bench's largest matrix products (MMoE, batch 2048, experts 136-256-128 laid out
 * [E, H, B]): the first layer's forward product and its weight gradient, and the second
 * layer's batched product. `a` is [..., m, k], `b` [..., k, n].
 */
const PRODUCTS: { name: string; a: number[]; b: number[] }[] = [
  { name: "first layer, forward: [1024, 136] x [136, 2048]", a: [1024, 136], b: [136, 2048] },
  { name: "first layer, weight gradient: [1024, 2048] x [2048, 136]", a: [1024, 2048], b: [2048, 136] },
  { name: "second layer, forward: [4, 128, 256] x [4, 256, 2048]", a: [4, 128, 256], b: [4, 256, 2048] },
];

type Precision = Extract<ElemTypeName, "float32" | "float16" | "bfloat16">;

const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/**
 * A session holding one MatMul of the product's shapes in `type`, with its inputs; or why it
 * cannot run. The graph hands back one element of the product (a Slice), so the time is the
 * product's, not the copy of a megabytes-large output into JavaScript.
 */
async function matMul(product: (typeof PRODUCTS)[number], type: Precision, threads: number) {
  const out = [...product.a.slice(0, -1), product.b.at(-1) as number];
  const one = out.map(() => 1);
  const ints = (name: string, values: number[]) => ({
    name,
    type: "int64" as const,
    dims: [values.length],
    data: BigInt64Array.from(values.map(BigInt)),
  });
  const bytes = encodeModel({
    name: `matmul-${type}`,
    nodes: [
      { opType: "MatMul", inputs: ["a", "b"], outputs: ["product"] },
      { opType: "Slice", inputs: ["product", "starts", "ends"], outputs: ["y"] },
    ],
    initializers: [
      ints(
        "starts",
        one.map(() => 0),
      ),
      ints("ends", one),
    ],
    inputs: [
      { name: "a", type, shape: product.a },
      { name: "b", type, shape: product.b },
    ],
    outputs: [{ name: "y", type, shape: one }],
  });
  let session: ort.InferenceSession;
  try {
    // not spinning: with the types' rounds interleaved, one session's spinning workers would take the cores from the next's
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    });
  } catch (err) {
    return { refused: (err as Error).message.split("\n")[0] as string };
  }
  if (type === "bfloat16") {
    await session.release();
    return { refused: "onnxruntime-node has no bfloat16 tensor to feed it" };
  }
  // 0.5 in each type's bits: a product of halves stays finite in 16 bits
  const tensor = (dims: number[]) =>
    type === "float32"
      ? new ort.Tensor("float32", new Float32Array(size(dims)).fill(0.5), dims)
      : new ort.Tensor("float16", new Uint16Array(size(dims)).fill(0x3800), dims);
  const feeds = { a: tensor(product.a), b: tensor(product.b) };
  await session.run(feeds);
  return { run: () => session.run(feeds), release: () => session.release() };
}

/**
 * Lower precision, which issue 16 allows as an option, is worth building only if ONNX Runtime's
 * CPU kernels multiply 16-bit floats faster than 32-bit ones. Each product runs in float32 (the
 * reference), float16 and bfloat16, their rounds interleaved; `ratio` is float32's time over
 * float16's (above 1: float16 is faster).
 */
export async function precision(threadCounts: number[]): Promise<BenchResult> {
  const results: BenchResult["results"] = [];
  for (const threads of threadCounts) {
    for (const product of PRODUCTS) {
      const sessions = {
        float32: await matMul(product, "float32", threads),
        float16: await matMul(product, "float16", threads),
        bfloat16: await matMul(product, "bfloat16", threads),
      };
      const ms: Record<Precision, number[]> = { float32: [], float16: [], bfloat16: [] };
      for (let r = 0; r < ROUNDS; r++) {
        for (const [type, s] of Object.entries(sessions) as [Precision, (typeof sessions)[Precision]][]) {
          if (!s.run) continue;
          const t0 = performance.now();
          for (let i = 0; i < RUNS_PER_ROUND; i++) await s.run();
          ms[type].push((performance.now() - t0) / RUNS_PER_ROUND);
        }
      }
      const msOf = (type: Precision) => {
        const s = sessions[type];
        return s.run ? Math.round(median(ms[type]) * 100) / 100 : (s.refused as string);
      };
      const f32 = msOf("float32");
      const f16 = msOf("float16");
      results.push({
        case: `${product.name}, ${threads} thread${threads > 1 ? "s" : ""}: ms per product`,
        mtrec: { float16: f16, bfloat16: msOf("bfloat16") },
        reference: { float32: f32 },
        ratio: typeof f32 === "number" && typeof f16 === "number" ? Math.round((f32 / f16) * 1000) / 1000 : null,
      });
      for (const s of Object.values(sessions)) await s.release?.();
    }
  }
  return { bench: "precision", results };
}
