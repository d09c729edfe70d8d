export { describeSchema } from "./describe-schema.js";
export { type EncodeOptions, encode, encodeChunks, encodeColumns } from "./encode.js";
export { fitSchema } from "./fit.js";
export { fnv1a32, hashBucket } from "./hash.js";
export {
  type InferOptions,
  type InferredSchema,
  inferSchema,
  inferSchemaExplained,
  MAX_CATEGORY_INTEGERS,
  type OmittedColumn,
  ROW_ID_DISTINCT_SHARE,
  ROW_ID_MIN_ROWS,
} from "./infer-schema.js";
export { describeColumns, type RawChunk, type RawColumn, type ReadOptions, readChunks } from "./reader.js";
export { checkSchema, schemaConfig } from "./schema-config.js";
export { loadFittedSchema, SCHEMA_FILE, saveFittedSchema } from "./schema-io.js";
export { type ColumnInfo, type ColumnType, formatOf } from "./source.js";
export { splitIndices, take } from "./split.js";
export { type SynthConfounded, type SynthConfoundedOptions, synthConfounded, writeSynthConfoundedCsv } from "./synth/confounded.js";
export {
  FUNNEL_COLUMNS,
  type FunnelData,
  type FunnelRates,
  funnelRates,
  SELECTION_BIAS_LEVELS,
  type SynthFunnelOptions,
  synthFunnel,
  writeSynthFunnelCsv,
} from "./synth/funnel.js";
export { drawFunnelRequests, drawFunnelResponses, type FunnelRequests, funnelFeatureColumns } from "./synth/funnel-requests.js";
export { buildFunnelWorld, type ExposureTruth, FunnelWorld } from "./synth/funnel-world.js";
export {
  type MmoePreset,
  type MmoeTasks,
  mmoeTasks,
  type SynthMmoe,
  type SynthMmoeOptions,
  synthMmoe,
  writeSynthMmoeCsv,
} from "./synth/mmoe.js";
export type { DataSource, DenseFeature, EncodedData, FileFormat, FittedSchema, LabelSpec, Schema, SparseFeature } from "./types.js";
