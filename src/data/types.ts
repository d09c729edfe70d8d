/** Where rows come from. The format defaults from the file extension. */
export interface DataSource {
  path: string;
  format?: FileFormat;
  /** CSV/TSV: whether the first line names the columns; default: detected. */
  header?: boolean;
  /** CSV/TSV: field separator; default: detected (TSV: tab). */
  delimiter?: string;
  /** Column names for a header-less file, in order. */
  columns?: string[];
}

export type FileFormat = "csv" | "tsv" | "parquet" | "jsonl";

/** A categorical input: each value becomes a row of an embedding table. */
export type SparseFeature =
  | {
      name: string;
      /** Source column; default `name`. */
      column?: string;
      encoding: "vocab";
      /** Values seen fewer times in the training data share the out-of-vocabulary row 0. Default 1. */
      minCount?: number;
    }
  | {
      name: string;
      column?: string;
      encoding: "hash";
      /** Rows of the table; a value's row is a stable hash of its text modulo `buckets`. */
      buckets: number;
    };

/** A numeric input, standardised with the training data's mean and standard deviation. */
export interface DenseFeature {
  name: string;
  column?: string;
}

export interface LabelSpec {
  /** The task's name. */
  name: string;
  column?: string;
  type: "binary" | "regression";
  /** Binary labels given as text: the value that means 1 (e.g. ">50K"); everything else is 0. */
  positive?: string | number;
}

/** What the user (or inference) says about the columns. */
export interface Schema {
  sparse: SparseFeature[];
  dense: DenseFeature[];
  labels: LabelSpec[];
  /** A grouping column (user id) for GAUC; never an input. */
  group?: { column: string };
}

/** A schema with what was learned from the training data, saved beside the model. */
export interface FittedSchema extends Schema {
  /** Per sparse feature, in `sparse` order: the vocabulary (id = index + 1; 0 is out-of-vocabulary), or null for hashing. */
  vocabularies: (string[] | null)[];
  /** Per sparse feature, the embedding table's row count (vocabulary + 1, or buckets). */
  cardinalities: number[];
  /** Per dense feature: training mean and standard deviation (1 when constant), and how many values were missing. */
  denseStats: { mean: number; std: number; missing: number }[];
  /** Rows the statistics were fitted on. */
  rows: number;
}

/** Encoded rows held in memory, columns as typed arrays. */
export interface EncodedData {
  rows: number;
  /** One Int32Array per sparse feature: table row ids in [0, cardinality). */
  sparse: Int32Array[];
  /** [rows, dense.length], standardised; missing values become 0 (the mean). */
  dense: Float32Array;
  /** One Float32Array per label, in `labels` order. */
  labels: Float32Array[];
  /** Group ids (dense integers) when the schema has a group column. */
  group?: Int32Array;
  /** Values of extra columns kept as text (e.g. an id column for predictions). */
  keep?: Record<string, string[]>;
  /** Extra numeric columns carried as numbers (NaN where missing). */
  numeric?: Record<string, Float32Array>;
}
