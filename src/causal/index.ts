export { ATE_METHODS, type AteData, type AteMethod, type AteOptions, type AteResult, type Balance, balance, estimateAte } from "./ate.js";
export { type CrrOptions, type CrrResult, crr } from "./crr.js";
export * from "./estimators/index.js";
export { loadAteData } from "./load.js";
