export { type GateUsage, gateUsage } from "./analysis/gates.js";
export { type ComparisonTable, type TransferFlags, type TransferOptions, transferFlags } from "./analysis/transfer.js";
export * as causal from "./causal/index.js";
export * as data from "./data/index.js";
export { ERROR_CODES, type ErrorCode, MtrecError } from "./errors.js";
export * as fusion from "./fusion/index.js";
export { toModelDef } from "./graph/build.js";
export { grad } from "./graph/grad.js";
export { BATCH, type Dim, type DType, type FloatType, Graph, type GraphOptions, Sym } from "./graph/graph.js";
export * as ops from "./graph/ops/index.js";
export * from "./metrics/index.js";
export { buildModel, MODEL_TYPES, parseModelSpec } from "./models/registry.js";
export type { ModelSpec, ModelType } from "./models/spec.js";
export type { GateOutput, ModelContext, ModelOutputs, TaskSpec } from "./models/types.js";
export { MultiTaskModel } from "./models/types.js";
export { Embedding, type EmbeddingOptions } from "./nn/embedding.js";
export { DENSE_COLUMN, type EncodedInputs, type EncoderSpec, FeatureEncoder } from "./nn/feature-encoder.js";
export { type InitName, initialize } from "./nn/init.js";
export { Linear, type LinearOptions } from "./nn/linear.js";
export { type Activation, MLP, type MLPOptions } from "./nn/mlp.js";
export { Module } from "./nn/module.js";
export { BatchNorm, LayerNorm } from "./nn/norm.js";
export { Parameter, type ParameterOptions, type SparseGrad } from "./nn/parameter.js";
export { Rng } from "./nn/rng.js";
export { decodeSafetensors, encodeSafetensors, loadParameters, saveParameters } from "./nn/safetensors.js";
export { decodeModel, encodeModel, OPSET } from "./onnx/model.js";
export * from "./optim/index.js";
export { Program, type RuntimeOptions } from "./runtime/program.js";
export type { HostTensor } from "./runtime/tensor.js";
export { type ServeOptions, serve } from "./serve/server.js";
export type { Batch } from "./train/batch.js";
export { type CompareOptions, type Comparison, compareModels } from "./train/compare.js";
export { loadTrainConfig, parseTrainConfig, type TrainConfig, type TrainConfigInput, trainConfigSchema } from "./train/config.js";
export { type EvalReport, evaluate, type Predictions, predict } from "./train/evaluate.js";
export { exportOnnx, InferProgram, type InferSpec } from "./train/infer.js";
export { type LoadedModel, load } from "./train/load.js";
export { modelScorer } from "./train/model-scorer.js";
export { compileInference, compileTrainStep, labelColumn } from "./train/programs.js";
export { type StepResult, type StepSpec, type Traced, TrainStep } from "./train/step.js";
export {
  type EpochRecord,
  type PreparedData,
  prepareData,
  type RunWarning,
  type TrainOptions,
  type TrainResult,
  train,
  trainModel,
} from "./train/trainer.js";
