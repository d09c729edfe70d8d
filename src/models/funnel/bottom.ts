import type { Graph, Sym } from "../../graph/graph.js";
import { mixExperts } from "../../graph/ops/experts.js";
import type { FeatureEncoder } from "../../nn/feature-encoder.js";
import type { LinearInit } from "../../nn/init.js";
import { MLP } from "../../nn/mlp.js";
import { Module } from "../../nn/module.js";
import { ExpertBank } from "../expert-bank.js";
import { Gate } from "../gate.js";
import { expertNames } from "../moe.js";
import type { ModelContext, ModelOutputs } from "../types.js";

export type BottomKind = "embedding" | "shared-bottom" | "mmoe" | "separate";

export interface BottomSpec {
  bottom: BottomKind;
  bottomHidden: number[];
  experts: number;
  expertHidden: number[];
  dropout: number;
  batchNorm: boolean;
  init: LinearInit;
}

/**
 * What a funnel model's heads read. `embedding`: the shared embeddings themselves (ESMM's
 * sharing); `shared-bottom`: one MLP over them; `mmoe`: shared experts with a gate per head;
 * `separate`: no sharing at all, each head with its own embeddings (independent models).
 */
export class FunnelBottom extends Module {
  private readonly encoders: FeatureEncoder[];
  private readonly mlp: MLP | undefined;
  private readonly experts: ExpertBank | undefined;
  private readonly gates: Gate[] = [];
  readonly width: number;

  constructor(
    readonly heads: string[],
    readonly spec: BottomSpec,
    ctx: ModelContext,
  ) {
    super();
    this.encoders =
      spec.bottom === "separate"
        ? heads.map((h) => this.add(`encoder.${h}`, ctx.newEncoder(h)))
        : [this.add("encoder", ctx.newEncoder("encoder"))];
    const input = (this.encoders[0] as FeatureEncoder).width;
    const norm = spec.batchNorm ? "batch" : "none";
    if (spec.bottom === "shared-bottom") {
      this.mlp = this.add(
        "bottom",
        new MLP(input, spec.bottomHidden, undefined, ctx.rng, { dropout: spec.dropout, norm, init: spec.init }),
      );
    }
    if (spec.bottom === "mmoe") {
      this.experts = this.add(
        "experts",
        new ExpertBank(input, spec.experts, spec.expertHidden, ctx.rng, {
          dropout: spec.dropout,
          batchNorm: spec.batchNorm,
          init: spec.init,
        }),
      );
      this.gates = heads.map((h) => this.add(`gate.${h}`, new Gate(input, spec.experts, ctx.rng, spec.init)));
    }
    this.width = this.mlp?.outFeatures ?? this.experts?.out ?? input;
  }

  /** Each head's input, keyed by head name, and with an `mmoe` bottom each head's gate over the experts. */
  forward(g: Graph): { reps: Record<string, Sym>; gates: ModelOutputs["gates"] } {
    if (this.spec.bottom === "separate")
      return { reps: Object.fromEntries(this.heads.map((h, i) => [h, (this.encoders[i] as FeatureEncoder).forward(g).all])), gates: {} };
    const x = (this.encoders[0] as FeatureEncoder).forward(g).all;
    if (this.experts) {
      const e = this.experts.forward(x); // [E, H, B]
      const names = expertNames("shared", this.spec.experts);
      const reps: Record<string, Sym> = {};
      const gates: ModelOutputs["gates"] = {};
      this.heads.forEach((h, i) => {
        const weights = (this.gates[i] as Gate).forward(x);
        reps[h] = mixExperts(e, weights);
        gates[h] = { weights, experts: names };
      });
      return { reps, gates };
    }
    const shared = this.mlp ? this.mlp.forward(x) : x;
    return { reps: Object.fromEntries(this.heads.map((h) => [h, shared])), gates: {} };
  }
}
