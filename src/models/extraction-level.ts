import type { Sym } from "../graph/graph.js";
import { concat } from "../graph/ops/concat.js";
import { mixExperts } from "../graph/ops/experts.js";
import { slice } from "../graph/ops/slice.js";
import type { LinearInit } from "../nn/init.js";
import { Module } from "../nn/module.js";
import type { Rng } from "../nn/rng.js";
import { ExpertBank } from "./expert-bank.js";
import { Gate } from "./gate.js";
import { expertNames } from "./moe.js";
import type { GateOutput, TaskSpec } from "./types.js";

export interface ExtractionSpec {
  taskExperts: number;
  sharedExperts: number;
  expertHidden: number[];
  dropout: number;
  batchNorm: boolean;
  init: LinearInit;
}

export interface LevelInputs {
  /** Each task's input, in task order. */
  tasks: Sym[];
  /** The shared experts' input. */
  shared: Sym;
  /** Each task's gate input (default: the task's input). */
  gates?: Sym[];
}

export interface LevelOutputs {
  tasks: Sym[]; // [B, H] each
  /** The shared gate's mix of every expert, for the next level (absent at the last level). */
  shared?: Sym; // [B, H]
  gates: GateOutput[];
  /** The shared gate over every expert of the level (absent at the last level). */
  sharedGate?: GateOutput;
}

/**
 * One Customized Gate Control level (Tang et al., RecSys 2020): each task has experts of its
 * own, all tasks share some; a task's gate mixes its own and the shared experts. Below the
 * last level, a shared gate over every expert feeds the next level's shared experts. When
 * all experts read one input (the first level), they run as one bank: one GEMM.
 */
export class ExtractionLevel extends Module {
  private readonly banks: ExpertBank[];
  private readonly taskGates: Gate[];
  private readonly sharedGate: Gate | undefined;
  readonly out: number;
  constructor(
    private readonly tasks: TaskSpec[],
    private readonly spec: ExtractionSpec,
    widths: { tasks: number[]; shared: number; gates?: number[] },
    private readonly oneInput: boolean,
    withSharedGate: boolean,
    rng: Rng,
  ) {
    super();
    const opts = { dropout: spec.dropout, batchNorm: spec.batchNorm, init: spec.init };
    const t = tasks.length;
    this.banks = oneInput
      ? [this.add("experts", new ExpertBank(widths.shared, t * spec.taskExperts + spec.sharedExperts, spec.expertHidden, rng, opts))]
      : [
          ...tasks.map((task, i) =>
            this.add(`experts.${task.name}`, new ExpertBank(widths.tasks[i] as number, spec.taskExperts, spec.expertHidden, rng, opts)),
          ),
          this.add("experts.shared", new ExpertBank(widths.shared, spec.sharedExperts, spec.expertHidden, rng, opts)),
        ];
    const perTask = spec.taskExperts + spec.sharedExperts;
    this.taskGates = tasks.map((task, i) =>
      this.add(`gate.${task.name}`, new Gate((widths.gates ?? widths.tasks)[i] as number, perTask, rng, spec.init)),
    );
    this.sharedGate = withSharedGate
      ? this.add("gate.shared", new Gate(widths.shared, t * spec.taskExperts + spec.sharedExperts, rng, spec.init))
      : undefined;
    this.out = (this.banks[0] as ExpertBank).out;
  }

  forward(x: LevelInputs): LevelOutputs {
    const { taskExperts: k, sharedExperts: s } = this.spec;
    const t = this.tasks.length;
    let own: Sym[];
    let shared: Sym;
    let all: Sym; // [T·k + s, H, B]
    if (this.oneInput) {
      all = (this.banks[0] as ExpertBank).forward(x.shared);
      own = this.tasks.map((_, i) => slice(all, 0, i * k, (i + 1) * k));
      shared = slice(all, 0, t * k, t * k + s);
    } else {
      own = this.tasks.map((_, i) => (this.banks[i] as ExpertBank).forward(x.tasks[i] as Sym));
      shared = (this.banks[t] as ExpertBank).forward(x.shared);
      all = concat([...own, shared], 0);
    }
    const gates: GateOutput[] = [];
    const outputs = this.tasks.map((task, i) => {
      const weights = (this.taskGates[i] as Gate).forward((x.gates ?? x.tasks)[i] as Sym); // [B, k + s]
      gates.push({ weights, experts: [...expertNames(task.name, k), ...expertNames("shared", s)] });
      return mixExperts(concat([own[i] as Sym, shared], 0), weights); // [B, H]
    });
    if (!this.sharedGate) return { tasks: outputs, gates };
    const weights = this.sharedGate.forward(x.shared); // [B, T·k + s]
    const experts = [...this.tasks.flatMap((task) => expertNames(task.name, k)), ...expertNames("shared", s)];
    return { tasks: outputs, shared: mixExperts(all, weights), gates, sharedGate: { weights, experts } };
  }
}
