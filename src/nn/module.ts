import { MtrecError } from "../errors.js";
import type { Dim, Graph, Sym } from "../graph/graph.js";
import { type InitName, initialize } from "./init.js";
import { Parameter, type ParameterOptions } from "./parameter.js";
import type { Rng } from "./rng.js";

/**
 * A tree of named parameters. Model code calls `forward` on symbolic tensors; parameters
 * enter the traced graph as inputs bound by their full dotted name.
 */
export abstract class Module {
  private readonly own = new Map<string, Parameter>();
  private readonly children = new Map<string, Module>();
  private path = "";

  /** Creates a parameter of this module. */
  protected param(
    name: string,
    shape: readonly number[],
    init: InitName,
    rng: Rng,
    opts: ParameterOptions & { fanIn?: number; fanOut?: number; std?: number } = {},
  ): Parameter {
    if (this.own.has(name) || this.children.has(name)) throw new MtrecError("GRAPH", `mtrec: module already has a member "${name}"`);
    const data = new Float32Array(shape.reduce((p, d) => p * d, 1));
    initialize(data, init, opts.fanIn ?? shape[0] ?? 1, opts.fanOut ?? shape[shape.length - 1] ?? 1, rng, opts.std);
    const { fanIn: _fanIn, fanOut: _fanOut, std: _std, ...paramOpts } = opts;
    const p = new Parameter(`${this.path}${name}`, shape, data, paramOpts);
    this.own.set(name, p);
    return p;
  }

  /** Attaches a child module under `name`; its parameters are renamed `name.…`. */
  protected add<M extends Module>(name: string, child: M): M {
    if (this.own.has(name) || this.children.has(name)) throw new MtrecError("GRAPH", `mtrec: module already has a member "${name}"`);
    this.children.set(name, child);
    child.rename(`${this.path}${name}.`);
    return child;
  }

  private rename(path: string): void {
    this.path = path;
    for (const [n, p] of this.own) p.name = `${path}${n}`;
    for (const [n, c] of this.children) c.rename(`${path}${n}.`);
  }

  /** Every parameter and buffer below this module, in a stable order. */
  allParameters(): Parameter[] {
    const out = [...this.own.values()];
    for (const c of this.children.values()) out.push(...c.allParameters());
    return out;
  }

  /** The trainable parameters (buffers excluded). */
  parameters(): Parameter[] {
    return this.allParameters().filter((p) => !p.opts.buffer);
  }

  /** The symbolic value of a parameter in graph `g`. */
  protected sym(p: Parameter, g: Graph): Sym {
    return g.bind(p.name, p.shape as Dim[]);
  }
}
