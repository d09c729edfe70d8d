import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../src/graph/graph.js";
import { FUNNEL_TYPES } from "../src/models/registry.js";
import { Adam } from "../src/optim/adam.js";
import { compileInference, compileTrainStep, labelColumn, partOutput } from "../src/train/programs.js";
import { funnelBatch, funnelModel, funnelTasks } from "./helpers/funnel.js";
import { out } from "./helpers/out.js";

for (const type of FUNNEL_TYPES) {
  test(`${type}: forward gives [B, 1] outputs and training steps lower the loss`, async () => {
    const model = funnelModel({ type });
    const out = model.forward(new Graph({ training: false }));
    for (const s of [...Object.values(out.outputs), ...Object.values(out.probabilities ?? {})]) assert.deepEqual(s.shape, ["B", 1]);
    const { step } = await compileTrainStep(model, funnelTasks(type), { threads: 1, seed: 1 });
    const opt = new Adam(model.parameters(), { lr: 0.02 });
    const b = funnelBatch(256, 2);
    const first = (await step.run(b)).loss;
    opt.step();
    let last = first;
    for (let i = 0; i < 40; i++) {
      last = (await step.run(b)).loss;
      opt.step();
    }
    assert.ok(Number.isFinite(last) && last < first * 0.9, `${type}: loss ${first} -> ${last}`);
  });
}

for (const type of FUNNEL_TYPES.filter((t) => t !== "transfer" && t !== "esm2")) {
  test(`${type}: pCTCVR is pCTR·pCVR and the purchase task predicts it`, async () => {
    const model = funnelModel({ type });
    const out = await (await compileInference(model, funnelTasks(type), { threads: 1 })).run(funnelBatch(16, 3));
    const ctr = out["pred:ctr"]?.data as Float32Array;
    const cvr = out["pred:cvr"]?.data as Float32Array;
    const ctcvr = out["pred:ctcvr"]?.data as Float32Array;
    const purchase = out["pred:purchase"]?.data as Float32Array;
    for (let i = 0; i < 16; i++) {
      if (type === "ctcvr-direct") assert.ok(Math.abs((cvr[i] as number) - Math.min(1, (ctcvr[i] as number) / (ctr[i] as number))) < 1e-5);
      else assert.equal(ctcvr[i], Math.fround((ctr[i] as number) * (cvr[i] as number)));
      assert.equal(purchase[i], ctcvr[i]);
    }
  });
}

test("esm2 combines its heads as pCVR = y2·y3 + (1 − y2)·y4, pCTAVR = y1·y2, pCTCVR = y1·pCVR", async () => {
  const model = funnelModel({ type: "esm2" });
  const out = await (await compileInference(model, funnelTasks("esm2"), { threads: 1 })).run(funnelBatch(16, 4));
  const v = (k: string) => out[`pred:${k}`]?.data as Float32Array;
  for (let i = 0; i < 16; i++) {
    const [y1, y2, y3, y4] = [v("ctr")[i], v("actionGivenClick")[i], v("buyGivenAction")[i], v("buyGivenOther")[i]] as number[];
    assert.ok(Math.abs((v("cvr")[i] as number) - (y2! * y3! + (1 - y2!) * y4!)) < 1e-6);
    assert.ok(Math.abs((v("ctavr")[i] as number) - y1! * y2!) < 1e-7);
    assert.ok(Math.abs((v("ctcvr")[i] as number) - y1! * (v("cvr")[i] as number)) < 1e-7);
  }
});

/** The step's objective terms and the model's probabilities on the same weights. */
async function lossesAndProbabilities(raw: Record<string, unknown>, clicks: number[]) {
  const model = funnelModel(raw, 5);
  const tasks = funnelTasks(raw.type as string);
  const batch = funnelBatch(4, 6, clicks);
  const probs = await (await compileInference(model, tasks, { threads: 1 })).run(batch);
  const { step, parts } = await compileTrainStep(model, tasks, { threads: 1 });
  const r = await step.run(batch);
  const part = Object.fromEntries(parts.map((p) => [p, out(r.outputs, partOutput(p))[0] as number]));
  const p = (k: string) => Array.from(probs[`pred:${k}`]?.data as Float32Array);
  const y = (k: string) => Array.from(batch[labelColumn(k)] as Float32Array);
  return { loss: r.loss, part, p, y };
}

const bce = (y: number, p: number) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 2e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("esmm's losses equal BCE(click, pCTR) and BCE(click·buy, pCTR·pCVR) on all 4 rows, computed by hand", async () => {
  const { loss, part, p, y } = await lossesAndProbabilities({ type: "esmm" }, [1, 0, 1, 0]);
  const ctr = mean(y("click").map((c, i) => bce(c, p("ctr")[i]!)));
  const ctcvr = mean(y("purchase").map((b, i) => bce(b, p("ctr")[i]! * p("cvr")[i]!)));
  close(part.ctr!, ctr, "ctr");
  close(part.ctcvr!, ctcvr, "ctcvr");
  close(loss, ctr + ctcvr, "total");
});

test("cvr-naive averages the CVR loss over clicked rows only; mtl-imp over every row", async () => {
  for (const [type, onClicked] of [
    ["cvr-naive", true],
    ["mtl-naive", true],
    ["mtl-imp", false],
  ] as const) {
    const { part, p, y } = await lossesAndProbabilities({ type }, [1, 0, 1, 0]);
    const terms = y("purchase").map((b, i) => bce(b, p("cvr")[i]!));
    const expected = onClicked ? (terms[0]! + terms[2]!) / 2 : mean(terms);
    close(part.cvr!, expected, type);
  }
});

test("multi-ipw's CVR loss is (1/|D|) Σ o·e / clip(pCTR), and escm2-ips adds it to ESMM's losses", async () => {
  for (const type of ["multi-ipw", "escm2-ips"]) {
    const { loss, part, p, y } = await lossesAndProbabilities({ type, propensity: { min: 0.3, maxWeight: 3 } }, [1, 0, 1, 1]);
    const w = p("ctr").map((q) => Math.min(3, 1 / Math.max(q, 0.3)));
    const cvr = mean(y("purchase").map((b, i) => y("click")[i]! * bce(b, p("cvr")[i]!) * w[i]!));
    close(part.cvr!, cvr, `${type} cvr`);
    if (type === "escm2-ips") close(loss, part.ctr! + cvr + part.ctcvr!, "escm2 total");
  }
});

test("a batch without any click gives a zero CVR loss on O, not NaN", async () => {
  const { part } = await lossesAndProbabilities({ type: "cvr-naive" }, [0, 0, 0, 0]);
  assert.equal(part.cvr, 0);
});
