import type { Graph, Sym } from "../graph/graph.js";
import type { FeatureEncoder } from "../nn/feature-encoder.js";
import { ExtractionLevel, type ExtractionSpec, type LevelOutputs } from "./extraction-level.js";
import { Tower } from "./tower.js";
import { type CommonSpec, type GateOutput, type ModelContext, type ModelOutputs, MultiTaskModel } from "./types.js";

export interface PLESpec extends CommonSpec, ExtractionSpec {
  type: "ple";
  levels: number;
  gateInput?: string;
}

/**
 * Progressive Layered Extraction (Tang et al., RecSys 2020): CGC levels stacked. A task's
 * experts at level k read its gated mix from level k−1; the shared experts read the shared
 * gate's mix of every expert; the last level feeds the towers.
 */
export class PLE extends MultiTaskModel {
  private readonly encoder: FeatureEncoder;
  private readonly levels: ExtractionLevel[] = [];
  private readonly towers: Tower[];
  constructor(
    private readonly spec: PLESpec,
    private readonly ctx: ModelContext,
  ) {
    super();
    this.encoder = this.add("encoder", ctx.newEncoder("encoder"));
    const w = this.encoder.width;
    const gw = spec.gateInput ? this.encoder.groupWidth(spec.gateInput) : w;
    let widths = { tasks: ctx.tasks.map(() => w), shared: w, gates: ctx.tasks.map(() => gw) as number[] | undefined };
    for (let k = 0; k < spec.levels; k++) {
      const last = k === spec.levels - 1;
      const level = this.add(`level${k}`, new ExtractionLevel(ctx.tasks, spec, widths, k === 0, !last, ctx.rng));
      this.levels.push(level);
      widths = { tasks: ctx.tasks.map(() => level.out), shared: level.out, gates: undefined };
    }
    const out = (this.levels.at(-1) as ExtractionLevel).out;
    this.towers = ctx.tasks.map((t) => this.add(`tower.${t.name}`, new Tower(out, spec, ctx.rng)));
  }

  forward(g: Graph): ModelOutputs {
    const x = this.encoder.forward(g);
    const gateIn = this.spec.gateInput ? x.group(this.spec.gateInput) : x.all;
    let inputs: { tasks: Sym[]; shared: Sym; gates?: Sym[] } = {
      tasks: this.ctx.tasks.map(() => x.all),
      shared: x.all,
      gates: this.ctx.tasks.map(() => gateIn),
    };
    let level: LevelOutputs | undefined;
    const levelGates: Record<string, GateOutput> = {};
    for (const [k, l] of this.levels.entries()) {
      level = l.forward(inputs);
      inputs = { tasks: level.tasks, shared: level.shared as Sym };
      if (k === this.levels.length - 1) break;
      // named like the level's parameters (`level0.gate.click`), so a weight and its usage pair up
      for (const [i, t] of this.ctx.tasks.entries()) levelGates[`level${k}/${t.name}`] = level.gates[i] as GateOutput;
      if (level.sharedGate) levelGates[`level${k}/shared`] = level.sharedGate;
    }
    const last = level as LevelOutputs;
    const outputs: ModelOutputs["outputs"] = {};
    const gates: ModelOutputs["gates"] = {};
    this.ctx.tasks.forEach((t, i) => {
      outputs[t.name] = (this.towers[i] as Tower).forward(last.tasks[i]!); // [B, 1]
      gates[t.name] = last.gates[i]!;
    });
    return { outputs, gates, ...(this.levels.length > 1 ? { levelGates } : {}) };
  }
}
