import type { Graph } from "../graph/graph.js";
import type { FeatureEncoder } from "../nn/feature-encoder.js";
import { ExtractionLevel, type ExtractionSpec } from "./extraction-level.js";
import { Tower } from "./tower.js";
import { type CommonSpec, type ModelContext, type ModelOutputs, MultiTaskModel } from "./types.js";

export interface CGCSpec extends CommonSpec, ExtractionSpec {
  type: "cgc";
  gateInput?: string;
}

/** Customized Gate Control (Tang et al., RecSys 2020): PLE with one extraction level. */
export class CGC extends MultiTaskModel {
  private readonly encoder: FeatureEncoder;
  private readonly level: ExtractionLevel;
  private readonly towers: Tower[];
  constructor(
    private readonly spec: CGCSpec,
    private readonly ctx: ModelContext,
  ) {
    super();
    this.encoder = this.add("encoder", ctx.newEncoder("encoder"));
    const w = this.encoder.width;
    const gw = spec.gateInput ? this.encoder.groupWidth(spec.gateInput) : w;
    const tasks = ctx.tasks.map(() => w);
    this.level = this.add(
      "level0",
      new ExtractionLevel(ctx.tasks, spec, { tasks, shared: w, gates: ctx.tasks.map(() => gw) }, true, false, ctx.rng),
    );
    this.towers = ctx.tasks.map((t) => this.add(`tower.${t.name}`, new Tower(this.level.out, spec, ctx.rng)));
  }

  forward(g: Graph): ModelOutputs {
    const x = this.encoder.forward(g);
    const gateIn = this.spec.gateInput ? x.group(this.spec.gateInput) : x.all;
    const level = this.level.forward({ tasks: this.ctx.tasks.map(() => x.all), shared: x.all, gates: this.ctx.tasks.map(() => gateIn) });
    const outputs: ModelOutputs["outputs"] = {};
    const gates: ModelOutputs["gates"] = {};
    this.ctx.tasks.forEach((t, i) => {
      outputs[t.name] = (this.towers[i] as Tower).forward(level.tasks[i]!); // [B, 1]
      gates[t.name] = level.gates[i]!;
    });
    return { outputs, gates };
  }
}
