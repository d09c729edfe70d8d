/**
 * mtrec in a page: a trained model's files scored and ranked with onnxruntime-web, through
 * the encoder and fusion code Node uses. Imports nothing from Node; "onnxruntime-web" and
 * "zod" are bare specifiers a bundler or an import map resolves.
 */

export type { RequestCandidates, RequestRow, RequestValue } from "../data/request-columns.js";
export type { FittedSchema } from "../data/types.js";
export type { FusionSpec, Normalize, Transform } from "../fusion/fuse.js";
export type { TaskSpec } from "../models/types.js";
export { type BrowserModel, DENSE_INPUT, loadBrowserModel } from "./browser-model.js";
export type { BrowserModelSource } from "./model-files.js";
