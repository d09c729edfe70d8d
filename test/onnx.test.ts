import assert from "node:assert/strict";
import { test } from "node:test";
import { toModelDef } from "../src/graph/build.js";
import { Graph } from "../src/graph/graph.js";
import { add, dropout, gemm } from "../src/graph/ops/index.js";
import { decodeModel, encodeModel, OPSET } from "../src/onnx/model.js";
import { Program } from "../src/runtime/program.js";

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

test("every graph mtrec emits loads in ONNX Runtime, and a refusal names the graph", async () => {
  const g = new Graph();
  const x = g.input("x", ["B", 2]);
  g.output("y", add(x, 1));
  const p = await Program.fromGraph(g, "ok", { threads: 1 });
  assert.deepEqual([...p.outputNames], ["y"]);
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
