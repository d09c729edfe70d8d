import type { Graph } from "../graph/graph.js";
import { mixExperts } from "../graph/ops/experts.js";
import type { FeatureEncoder } from "../nn/feature-encoder.js";
import { ExpertBank } from "./expert-bank.js";
import { Gate } from "./gate.js";
import { Tower } from "./tower.js";
import { type CommonSpec, type ModelContext, type ModelOutputs, MultiTaskModel } from "./types.js";

export interface MoESpec extends CommonSpec {
  type: "moe";
  experts: number;
  expertHidden: number[];
  /** A feature group the gate reads instead of every input. */
  gateInput?: string;
}

/** One-gate Mixture-of-Experts (OMoE in the MMoE paper): one gate mixes the experts for every task. */
export class MoE extends MultiTaskModel {
  private readonly encoder: FeatureEncoder;
  private readonly experts: ExpertBank;
  private readonly gate: Gate;
  private readonly towers: Tower[];
  constructor(
    private readonly spec: MoESpec,
    private readonly ctx: ModelContext,
  ) {
    super();
    this.encoder = this.add("encoder", ctx.newEncoder("encoder"));
    const opts = { dropout: spec.dropout, batchNorm: spec.batchNorm, init: spec.init };
    this.experts = this.add("experts", new ExpertBank(this.encoder.width, spec.experts, spec.expertHidden, ctx.rng, opts));
    const gateWidth = spec.gateInput ? this.encoder.groupWidth(spec.gateInput) : this.encoder.width;
    this.gate = this.add("gate", new Gate(gateWidth, spec.experts, ctx.rng, spec.init));
    this.towers = ctx.tasks.map((t) => this.add(`tower.${t.name}`, new Tower(this.experts.out, spec, ctx.rng)));
  }

  forward(g: Graph): ModelOutputs {
    const x = this.encoder.forward(g);
    const e = this.experts.forward(x.all); // [E, H, B]
    const weights = this.gate.forward(this.spec.gateInput ? x.group(this.spec.gateInput) : x.all); // [B, E]
    const mixed = mixExperts(e, weights); // [B, H]
    const names = expertNames("shared", this.spec.experts);
    const outputs: ModelOutputs["outputs"] = {};
    const gates: ModelOutputs["gates"] = {};
    this.ctx.tasks.forEach((t, i) => {
      outputs[t.name] = (this.towers[i] as Tower).forward(mixed); // [B, 1]
      gates[t.name] = { weights, experts: names };
    });
    return { outputs, gates };
  }
}

export function expertNames(owner: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${owner}/${i}`);
}
