import type { Graph, Sym } from "../graph/graph.js";
import { Module } from "./module.js";
import type { Parameter } from "./parameter.js";
import type { Rng } from "./rng.js";

/**
 * The tables' default initialisation: N(0, 1), as PyTorch's nn.Embedding. Measured against
 * mtrec's former N(0, 0.01²) (bench/README.md): on the funnel simulator's id features ESMM's CVR
 * AUC on D rose from .685 to .708; on UCI Adult's few-valued fields income AUC fell by .0008.
 */
export const EMBEDDING_STD = 1;

export interface EmbeddingOptions {
  /** Standard deviation of the normal initialisation. */
  std?: number;
  /** L2 penalty on the rows a batch touches. */
  l2?: number;
}

/**
 * A rows × dim table kept in JavaScript memory. In training graphs a lookup is a batch
 * input that the step fills with the rows named by an index column, and whose gradient
 * comes back row-sparse; in inference graphs it is an ONNX Gather on the table.
 */
export class Embedding extends Module {
  readonly table: Parameter;
  constructor(
    readonly rows: number,
    readonly dim: number,
    rng: Rng,
    opts: EmbeddingOptions = {},
  ) {
    super();
    this.table = this.param("table", [rows, dim], "normal", rng, { sparse: true, l2: opts.l2, std: opts.std ?? EMBEDDING_STD });
  }

  /** The rows for the index column `column` of the batch: [B, dim]. */
  lookup(column: string, g: Graph): Sym {
    if (!g.tablesInGraph) return g.gather(this.table.name, column, this.dim);
    const ids = g.inputs.find((i) => i.key === column)?.sym ?? g.input(column, ["B"], "int32");
    return g.node("Gather", [this.sym(this.table, g), ids], { shape: ["B", this.dim], dtype: g.floatType, attrs: { axis: 0 } });
  }
}
