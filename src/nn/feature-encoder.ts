import { MtrecError } from "../errors.js";
import type { Graph, Sym } from "../graph/graph.js";
import { concat } from "../graph/ops/concat.js";
import { slice } from "../graph/ops/slice.js";
import { Embedding } from "./embedding.js";
import { Module } from "./module.js";
import type { Rng } from "./rng.js";

export interface EncoderSpec {
  /** Sparse fields: the batch column of row ids, and the table's row count. */
  sparse: { name: string; rows: number }[];
  /** Names of the dense features, in the order of the batch's `dense` column. */
  dense: string[];
  /** Embedding width for every sparse field. */
  embeddingDim: number;
  /** Named groups of features (sparse or dense names), e.g. for a gate that reads only some. */
  groups?: Record<string, string[]>;
  /** L2 on the embedding rows a batch touches. */
  embeddingL2?: number;
  /** Standard deviation of the tables' normal initialisation. */
  embeddingStd?: number;
}

/** The encoded inputs a model reads: every feature side by side, and named groups of them. */
export interface EncodedInputs {
  all: Sym;
  width: number;
  group(name: string): Sym;
}

/** The batch column that holds the standardised dense features, [B, dense.length]. */
export const DENSE_COLUMN = "dense";

/**
 * Turns a batch's sparse ids and dense values into one vector per row: an embedding per
 * sparse field, concatenated with the dense features. Each encoder owns its tables, so a
 * model that must not share them (single-task baselines) makes one per task.
 */
export class FeatureEncoder extends Module {
  private readonly tables: Embedding[];
  readonly width: number;
  constructor(
    readonly spec: EncoderSpec,
    rng: Rng,
  ) {
    super();
    this.tables = spec.sparse.map((f) =>
      this.add(f.name, new Embedding(f.rows, spec.embeddingDim, rng, { l2: spec.embeddingL2, std: spec.embeddingStd })),
    );
    this.width = spec.sparse.length * spec.embeddingDim + spec.dense.length;
    if (this.width === 0)
      throw new MtrecError("BAD_CONFIG", "mtrec: the model has no input features: give at least one sparse or dense feature");
    const known = new Set([...spec.sparse.map((f) => f.name), ...spec.dense]);
    for (const [group, members] of Object.entries(spec.groups ?? {})) {
      for (const m of members) {
        if (!known.has(m))
          throw new MtrecError(
            "BAD_CONFIG",
            `mtrec: feature group "${group}" names "${m}", which is not a feature (features: ${[...known].join(", ")})`,
          );
      }
    }
  }

  forward(g: Graph): EncodedInputs {
    const rows = this.spec.sparse.map((f, i) => (this.tables[i] as Embedding).lookup(f.name, g)); // [B, d] each
    const dense =
      this.spec.dense.length > 0
        ? (g.inputs.find((i) => i.key === DENSE_COLUMN)?.sym ?? g.input(DENSE_COLUMN, ["B", this.spec.dense.length]))
        : undefined;
    const all = concat(dense ? [...rows, dense] : rows, 1); // [B, sparse·d + dense]
    // a group's pieces are cut only when a model asks for the group
    const piece = (name: string): Sym => {
      const s = this.spec.sparse.findIndex((f) => f.name === name);
      if (s >= 0) return rows[s] as Sym;
      const k = this.spec.dense.indexOf(name);
      return slice(dense as Sym, 1, k, k + 1);
    };
    return { all, width: this.width, group: (name) => concat(this.groupMembers(name).map(piece), 1) };
  }

  private groupMembers(name: string): string[] {
    const members = this.spec.groups?.[name];
    if (!members)
      throw new MtrecError(
        "BAD_CONFIG",
        `mtrec: no feature group "${name}" (groups: ${Object.keys(this.spec.groups ?? {}).join(", ") || "none"})`,
      );
    return members;
  }

  /** The width of a feature group's vector: the embedding size per sparse member, 1 per dense one. */
  groupWidth(name: string): number {
    return this.groupMembers(name).reduce((w, m) => w + (this.spec.dense.includes(m) ? 1 : this.spec.embeddingDim), 0);
  }
}
