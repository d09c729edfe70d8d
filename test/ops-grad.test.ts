import assert from "node:assert/strict";
import { test } from "node:test";
import * as op from "../src/graph/ops/index.js";
import { type CheckInput, gradCheck, values } from "./helpers/gradcheck.js";

const TOL = 1e-6;

async function check(name: string, inputs: CheckInput[], build: Parameters<typeof gradCheck>[1]): Promise<void> {
  const r = await gradCheck(inputs, build);
  assert.ok(r.maxError < TOL, `${name}: max relative gradient error ${r.maxError}`);
}

const x23: CheckInput = { name: "x", shape: ["B", 2], values: values(6) };
const y23: CheckInput = { name: "y", shape: ["B", 2], values: values(6, 10) };
const bias2: CheckInput = { name: "b", shape: [2], values: values(2, 20) };
const positive = (v: number[]) => v.map((a) => Math.abs(a) + 0.5);

test("add's gradient matches finite differences, with a broadcast bias", () => check("add", [x23, bias2], ([x, b]) => op.add(x!, b!)));
test("sub's gradient matches finite differences, with a broadcast operand", () => check("sub", [x23, bias2], ([x, b]) => op.sub(b!, x!)));
test("mul's gradient matches finite differences", () => check("mul", [x23, y23], ([x, y]) => op.mul(x!, y!)));
test("mul by a broadcast column matches finite differences", () =>
  check("mul col", [x23, { name: "c", shape: ["B", 1], values: values(3, 5) }], ([x, c]) => op.mul(x!, c!)));
test("div's gradient matches finite differences", () =>
  check("div", [x23, { ...y23, values: positive(y23.values) }], ([x, y]) => op.div(x!, y!)));
test("neg's gradient matches finite differences", () => check("neg", [x23], ([x]) => op.neg(x!)));
test("scalar ops' gradients match finite differences", () =>
  check("scalar", [x23], ([x]) => op.add(op.mul(op.sub(1, x!), 3), op.div(2, op.add(op.square(x!), 1)))));
test("gemm's gradient matches finite differences for every transpose", async () => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      await check(
        `gemm ${transA} ${transB}`,
        [
          { name: "a", shape: transA ? [4, 3] : [3, 4], values: values(12) },
          { name: "b", shape: transB ? [2, 4] : [4, 2], values: values(8, 3) },
          { name: "c", shape: [2], values: values(2, 7) },
        ],
        ([a, b, c]) => op.gemm(a!, b!, c!, { transA, transB }),
      );
    }
  }
});
test("matmul's gradient matches finite differences for 2-D, folded 3-D and batched 3-D", async () => {
  await check("matmul 2d", [x23, { name: "w", shape: [2, 3], values: values(6, 2) }], ([x, w]) => op.matmul(x!, w!));
  await check(
    "matmul 3d·2d",
    [
      { name: "x", shape: ["B", 2, 3], values: values(18) },
      { name: "w", shape: [3, 2], values: values(6, 2) },
    ],
    ([x, w]) => op.matmul(x!, w!),
  );
  await check(
    "matmul batched",
    [
      { name: "x", shape: ["B", 2, 3], values: values(18) },
      { name: "w", shape: ["B", 3, 2], values: values(18, 2) },
    ],
    ([x, w]) => op.matmul(x!, w!),
  );
});
test("sum's gradient matches finite differences, all axes and one axis", async () => {
  await check("sum all", [x23], ([x]) => op.sum(x!));
  await check("sum axis", [x23], ([x]) => op.sum(x!, 1));
  await check("sum batch keep", [x23], ([x]) => op.sum(x!, 0, true));
});
test("mean's gradient matches finite differences, all axes and one axis (symbolic batch)", async () => {
  await check("mean all", [x23], ([x]) => op.mean(x!));
  await check("mean batch", [x23], ([x]) => op.mean(x!, 0));
  await check("mean last keep", [x23], ([x]) => op.mean(x!, -1, true));
});
test("relu's gradient matches finite differences", () => check("relu", [x23], ([x]) => op.relu(x!)));
test("sigmoid's gradient matches finite differences", () => check("sigmoid", [x23], ([x]) => op.sigmoid(x!)));
test("tanh's gradient matches finite differences", () => check("tanh", [x23], ([x]) => op.tanh(x!)));
test("softplus's gradient matches finite differences", () => check("softplus", [x23], ([x]) => op.softplus(x!)));
test("softmax's gradient matches finite differences on both axes", async () => {
  await check("softmax last", [{ name: "x", shape: ["B", 4], values: values(12) }], ([x]) => op.softmax(x!));
  await check("softmax first", [{ name: "x", shape: ["B", 4], values: values(12) }], ([x]) => op.softmax(x!, 0));
});
test("log's gradient matches finite differences", () => check("log", [{ ...x23, values: positive(x23.values) }], ([x]) => op.log(x!)));
test("exp's gradient matches finite differences", () => check("exp", [x23], ([x]) => op.exp(x!)));
test("sqrt's gradient matches finite differences", () => check("sqrt", [{ ...x23, values: positive(x23.values) }], ([x]) => op.sqrt(x!)));
test("clamp's gradient matches finite differences inside and outside the range", () =>
  check("clamp", [x23], ([x]) => op.clamp(x!, -0.5, 0.5)));
test("concat's gradient matches finite differences", () =>
  check("concat", [x23, { name: "z", shape: ["B", 3], values: values(9, 4) }], ([x, z]) => op.concat([x!, z!], 1)));
test("split's gradient matches finite differences", () =>
  check("split", [{ name: "x", shape: ["B", 5], values: values(15) }], ([x]) => {
    const [a, b] = op.split(x!, 1, [2, 3]);
    return op.add(op.mul(op.sum(a!, 1, true), 2), op.sum(op.square(b!), 1, true));
  }));
test("slice's gradient matches finite differences", () =>
  check("slice", [{ name: "x", shape: ["B", 5], values: values(15) }], ([x]) => op.slice(x!, 1, 1, 4)));
test("reshape, unsqueeze and squeeze pass gradients through", () =>
  check("reshape", [{ name: "x", shape: ["B", 6], values: values(18) }], ([x]) =>
    op.squeeze(op.mul(op.unsqueeze(op.reshape(x!, ["B", 2, 3]), 1), 2), 1),
  ));
test("transpose's gradient matches finite differences", () =>
  check("transpose", [{ name: "x", shape: ["B", 2, 3], values: values(18) }], ([x]) => op.transpose(x!, [2, 0, 1])));
test("stack's gradient matches finite differences", () => check("stack", [x23, y23], ([x, y]) => op.stack([x!, y!], 1)));
test("mixExperts' gradient matches finite differences for experts and gates", () =>
  check(
    "mixExperts",
    [
      { name: "e", shape: [3, 2, "B"], values: values(18) },
      { name: "g", shape: ["B", 3], values: values(9, 3) },
    ],
    ([e, g]) => op.mixExperts(e!, op.softmax(g!)),
  ));
test("where's gradient matches finite differences and routes by the mask", () =>
  check("where", [x23, y23, { name: "m", shape: ["B", 2], values: [1, 0, 0, 1, 1, 0], dtype: "bool", wrt: false }], ([x, y, m]) =>
    op.where(m!, x!, y!),
  ));
test("expandAs' gradient matches finite differences", () =>
  check("expand", [bias2, { name: "like", shape: ["B", 2], values: values(6), wrt: false }], ([b, like]) => op.expandAs(b!, like!)));
test("layer norm's gradient matches finite differences (composite)", () =>
  check(
    "layerNorm",
    [
      { name: "x", shape: ["B", 4], values: values(12) },
      { name: "g", shape: [4], values: values(4, 1) },
      { name: "b", shape: [4], values: values(4, 2) },
    ],
    ([x, g, b]) => op.layerNorm(x!, g, b),
  ));
test("batch norm's gradient matches finite differences in training and eval mode", async () => {
  const inputs: CheckInput[] = [
    { name: "x", shape: ["B", 2], values: values(6) },
    { name: "g", shape: [2], values: values(2, 1) },
    { name: "b", shape: [2], values: values(2, 2) },
    { name: "rm", shape: [2], values: [0.1, -0.2], wrt: false },
    { name: "rv", shape: [2], values: [1.5, 0.7], wrt: false },
  ];
  for (const training of [true, false]) {
    await check(`batchNorm ${training}`, inputs, ([x, g, b, rm, rv]) => op.batchNorm(x!, g!, b!, { mean: rm!, var: rv! }, training).y);
  }
});
test("bceWithLogits' gradient matches finite differences, with weights and a mask", async () => {
  const z = { name: "z", shape: ["B", 1], values: [0.3, -1.2, 2.0] };
  const y = { name: "y", shape: ["B", 1], values: [1, 0, 1], wrt: false };
  const w = { name: "w", shape: ["B", 1], values: [0.5, 2, 1.5] };
  const m = { name: "m", shape: ["B", 1], values: [1, 0, 1], wrt: false };
  await check("bce", [z, y], ([a, b]) => op.bceWithLogits(a!, b!));
  await check("bce weighted masked", [z, y, w, m], ([a, b, c, d]) => op.bceWithLogits(a!, b!, { weight: c, mask: d }));
});
test("bceOnProb's gradient matches finite differences", () =>
  check(
    "bceOnProb",
    [
      { name: "p", shape: ["B", 1], values: [0.2, 0.7, 0.9] },
      { name: "y", shape: ["B", 1], values: [1, 0, 1], wrt: false },
    ],
    ([p, y]) => op.bceOnProb(p!, y!),
  ));
test("mse's gradient matches finite differences, with weights", () =>
  check("mse", [x23, { ...y23, wrt: false }, { name: "w", shape: ["B", 2], values: positive(values(6, 3)) }], ([x, y, w]) =>
    op.mse(x!, y!, { weight: w }),
  ));
