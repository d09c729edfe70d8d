import type { Graph } from "../graph/graph.js";
import { mixExperts } from "../graph/ops/experts.js";
import type { FeatureEncoder } from "../nn/feature-encoder.js";
import { ExpertBank } from "./expert-bank.js";
import { Gate } from "./gate.js";
import { expertNames } from "./moe.js";
import { Tower } from "./tower.js";
import { type CommonSpec, type ModelContext, type ModelOutputs, MultiTaskModel } from "./types.js";

export interface MMoESpec extends CommonSpec {
  type: "mmoe";
  experts: number;
  expertHidden: number[];
  gateInput?: string;
}

/** Multi-gate Mixture-of-Experts (Ma et al., KDD 2018): shared experts, one softmax gate per task. */
export class MMoE extends MultiTaskModel {
  private readonly encoder: FeatureEncoder;
  private readonly experts: ExpertBank;
  private readonly gates: Gate[];
  private readonly towers: Tower[];
  constructor(
    private readonly spec: MMoESpec,
    private readonly ctx: ModelContext,
  ) {
    super();
    this.encoder = this.add("encoder", ctx.newEncoder("encoder"));
    const opts = { dropout: spec.dropout, batchNorm: spec.batchNorm, init: spec.init };
    this.experts = this.add("experts", new ExpertBank(this.encoder.width, spec.experts, spec.expertHidden, ctx.rng, opts));
    const gateWidth = spec.gateInput ? this.encoder.groupWidth(spec.gateInput) : this.encoder.width;
    this.gates = ctx.tasks.map((t) => this.add(`gate.${t.name}`, new Gate(gateWidth, spec.experts, ctx.rng, spec.init)));
    this.towers = ctx.tasks.map((t) => this.add(`tower.${t.name}`, new Tower(this.experts.out, spec, ctx.rng)));
  }

  forward(g: Graph): ModelOutputs {
    const x = this.encoder.forward(g);
    const e = this.experts.forward(x.all); // [E, H, B], one GEMM for all experts
    const gateIn = this.spec.gateInput ? x.group(this.spec.gateInput) : x.all;
    const names = expertNames("shared", this.spec.experts);
    const outputs: ModelOutputs["outputs"] = {};
    const gates: ModelOutputs["gates"] = {};
    this.ctx.tasks.forEach((t, i) => {
      const weights = (this.gates[i] as Gate).forward(gateIn); // [B, E]
      outputs[t.name] = (this.towers[i] as Tower).forward(mixExperts(e, weights)); // [B, 1]
      gates[t.name] = { weights, experts: names };
    });
    return { outputs, gates };
  }
}
