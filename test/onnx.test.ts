import assert from "node:assert/strict";
import { test } from "node:test";
import { toModelDef } from "../src/graph/build.js";
import { Graph } from "../src/graph/graph.js";
import { add, dropout, gemm } from "../src/graph/ops/index.js";
import { buildModel, FUNNEL_TYPES, MODEL_TYPES, parseModelSpec } from "../src/models/registry.js";
import type { ModelType } from "../src/models/spec.js";
import type { MultiTaskModel, TaskSpec } from "../src/models/types.js";
import { FeatureEncoder } from "../src/nn/feature-encoder.js";
import { Rng } from "../src/nn/rng.js";
import { decodeModel, encodeModel, OPSET } from "../src/onnx/model.js";
import { Program } from "../src/runtime/program.js";
import { exportOnnx } from "../src/train/infer.js";
import { compileInference, compileTrainStep, inferenceOutputs, partOutput } from "../src/train/programs.js";
import { buildWeighting, parseLossWeighting, WEIGHTING_TYPES } from "../src/weighting/registry.js";
import { ENCODER, funnelModel, funnelTasks } from "./helpers/funnel.js";

test("an encoded model decodes to the same nodes, opset 17 and IR version 8", () => {
  const g = new Graph();
  const x = g.input("x", ["B", 3]);
  const w = g.bind("w", [3, 2]);
  g.output("y", gemm(x, w, undefined, { transB: false }));
  const m = decodeModel(encodeModel(toModelDef(g, "tiny", { metadata: { task: "click" } }))) as {
    ir_version: number;
    opset_import: { version: number }[];
    graph: {
      node: { op_type: string; attribute?: { name: string; i?: number }[] }[];
      input: { name: string }[];
      output: { name: string }[];
    };
    metadata_props: { key: string; value: string }[];
  };
  assert.equal(m.ir_version, 8);
  assert.equal(m.opset_import[0]?.version, OPSET);
  assert.equal(OPSET, 17);
  assert.deepEqual(
    m.graph.node.map((n) => n.op_type),
    ["Gemm", "Identity"],
  );
  assert.deepEqual(
    m.graph.input.map((i) => i.name),
    ["x", "w"],
  );
  assert.deepEqual(
    m.graph.output.map((o) => o.name),
    ["y"],
  );
  assert.deepEqual(m.metadata_props, [{ key: "task", value: "click" }]);
});

test("a float attribute that is a whole number stays a float (a random op's seed)", () => {
  const g = new Graph({ seed: 3 });
  const x = g.input("x", ["B", 2]);
  g.output("y", dropout(x, 0.5));
  const m = decodeModel(encodeModel(toModelDef(g, "drop"))) as {
    graph: { node: { op_type: string; attribute?: { name: string; type: number; f?: number }[] }[] };
  };
  const random = m.graph.node.find((n) => n.op_type === "RandomUniformLike");
  const seed = random?.attribute?.find((a) => a.name === "seed");
  assert.equal(seed?.type, 1);
  assert.equal(seed?.f, 3 * 7919 + 1);
});

/** A small model of `type` with the tasks it takes: the funnel's in funnel order, a binary and a regression task otherwise. */
function smallModel(type: ModelType): { model: MultiTaskModel; tasks: TaskSpec[] } {
  if (FUNNEL_TYPES.includes(type)) return { model: funnelModel({ type }), tasks: funnelTasks(type) };
  const tasks: TaskSpec[] = [
    { name: "click", type: "binary" },
    { name: "watch", type: "regression" },
  ];
  const rng = new Rng(1);
  const spec = parseModelSpec({ type });
  return { model: buildModel(spec, { tasks, encoder: ENCODER, rng, newEncoder: () => new FeatureEncoder(ENCODER, rng) }), tasks };
}

for (const type of MODEL_TYPES) {
  test(`${type}: its training step, inference and exported model.onnx graphs all load in ONNX Runtime`, async () => {
    const { model, tasks } = smallModel(type);
    const { step, parts } = await compileTrainStep(model, tasks, { threads: 1, seed: 1 });
    assert.ok(step.program.outputNames.includes("loss"), `${type}: the step has no loss output`);
    for (const part of parts) {
      const named = step.program.outputNames.some((name) => name.endsWith(partOutput(part)));
      assert.ok(named, `${type}: the step does not report ${partOutput(part)}`);
    }
    const infer = await compileInference(model, tasks, { threads: 1 });
    const exported = await Program.fromBytes(
      exportOnnx({ module: model, inputs: {}, outputs: (_, g) => inferenceOutputs(model, tasks, g) }),
      "model.onnx",
      { threads: 1 },
    );
    for (const t of tasks) assert.ok(infer.program.outputNames.includes(`pred:${t.name}`), `${type}: inference lacks pred:${t.name}`);
    assert.deepEqual([...exported.outputNames].sort(), [...infer.program.outputNames].sort());
  });
}

for (const type of WEIGHTING_TYPES) {
  test(`the ${type} weighting's training step (MMoE, two tasks) loads in ONNX Runtime`, async () => {
    const { model, tasks } = smallModel("mmoe");
    const weighting = buildWeighting(parseLossWeighting({ type }), 1);
    const { step } = await compileTrainStep(model, tasks, { threads: 1, seed: 1, weighting });
    assert.ok(step.program.outputNames.includes("loss"), `${type}: the step has no loss output`);
  });
}

test("a graph ONNX Runtime refuses is named, and so is a thread count below 1", async () => {
  const g = new Graph();
  const x = g.input("x", ["B", 2]);
  g.output("y", add(x, 1));
  await assert.rejects(Program.fromBytes(Uint8Array.of(1, 2, 3), "broken", { threads: 1 }), /ONNX Runtime refused graph "broken"/);
  await assert.rejects(Program.fromGraph(g, "zero", { threads: 0 }), /threads must be a whole number ≥ 1, got 0/);
});

test("a missing feed is named", async () => {
  const g = new Graph();
  const x = g.input("x", ["B", 2]);
  g.output("y", add(x, 1));
  const p = await Program.fromGraph(g, "needs-x", { threads: 1 });
  await assert.rejects(p.run({}), /graph "needs-x" needs input "x", which was not fed/);
});

test("errors raised on purpose carry a code with an exit status and an HTTP status", async () => {
  const { MtrecError } = await import("../src/errors.js");
  const g = new Graph();
  const a = g.input("a", ["B", 3]);
  const b = g.input("b", ["B", 4]);
  try {
    add(a, b);
    assert.fail("add of mismatched shapes must throw");
  } catch (e) {
    assert.ok(e instanceof MtrecError);
    assert.equal(e.code, "GRAPH");
    assert.equal(e.exitCode, 5);
    assert.equal(e.httpStatus, 500);
  }
});
