export { Adagrad, type AdagradOptions } from "./adagrad.js";
export { Adam, type AdamOptions, AdamW, type AdamWOptions } from "./adam.js";
export { Averaged } from "./average.js";
export { clipGradNorm } from "./clip.js";
export { ElementwiseOptimizer } from "./elementwise.js";
export type { Optimizer, OptimizerOptions } from "./optimizer.js";
export { SGD, type SGDOptions } from "./sgd.js";
