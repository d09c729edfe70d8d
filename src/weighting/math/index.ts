export { type GradNormInput, type GradNormState, gradNormStep } from "./gradnorm.js";
export { type GradientRows, pcgrad, projectConflicting } from "./pcgrad.js";
export { combinedGradientNormSquared, peLtrExact, peLtrPaper } from "./pe-ltr.js";
export { projectToSimplex } from "./simplex.js";
export { pseudoInverseSolve, type SymmetricEigen, symmetricEigen } from "./symmetric-eigen.js";
