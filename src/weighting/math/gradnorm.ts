/**
 * GradNorm (Chen et al., ICML 2018, "GradNorm: Gradient Normalization for Adaptive Loss
 * Balancing in Deep Multitask Networks"), as a pure update of the task weights from the
 * measured gradient norms, so any trainer can drive it.
 */
import { MtrecError } from "../../errors.js";

// A descent step can overshoot below zero; a negative weight would turn a loss into a reward.
const WEIGHT_FLOOR = 1e-4;

export interface GradNormState {
  /** w_t, kept positive and summing to the task count T. */
  weights: Float64Array;
}

export interface GradNormInput {
  /** ‖∇_W L_t‖ of each unweighted task loss on the last shared layer W. */
  gradNorms: ArrayLike<number>;
  /** L_t now. */
  losses: ArrayLike<number>;
  /** L_t(0), the loss at the first step. */
  initialLosses: ArrayLike<number>;
  /** α: how strongly slow tasks are pulled up; 0 asks for equal weighted gradient norms. */
  alpha: number;
  /** The learning rate of the weights. */
  lr: number;
}

/**
 * One step on L_grad = Σ_t |w_t‖∇L_t‖ − Ḡ·r_t^α| with the target Ḡ·r_t^α held constant, as the
 * paper prescribes (otherwise the weights could lower L_grad by shrinking Ḡ itself).
 * Sets state.weights to the new weights and returns them.
 */
export function gradNormStep(state: GradNormState, input: GradNormInput): Float64Array {
  const T = state.weights.length;
  checkInput(T, input);
  const { gradNorms, losses, initialLosses, alpha, lr } = input;
  const weighted = Float64Array.from(state.weights, (w, t) => w * gradNorms[t]!);
  const meanWeighted = mean(weighted);
  const inverseRate = Float64Array.from({ length: T }, (_, t) => losses[t]! / initialLosses[t]!);
  const meanRate = mean(inverseRate);
  const next = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    // Every loss at exactly zero leaves no rate to compare; treat the tasks as equally fast.
    const relativeRate = meanRate > 0 ? inverseRate[t]! / meanRate : 1;
    const target = meanWeighted * relativeRate ** alpha;
    const gradient = Math.sign(weighted[t]! - target) * gradNorms[t]!;
    next[t] = Math.max(state.weights[t]! - lr * gradient, WEIGHT_FLOOR);
  }
  const scale = T / next.reduce((sum, w) => sum + w, 0);
  for (let t = 0; t < T; t++) next[t] = next[t]! * scale;
  state.weights = next;
  return next;
}

function checkInput(T: number, input: GradNormInput): void {
  if (T === 0) throw new MtrecError("BAD_ARGUMENT", "mtrec: gradNormStep: state.weights is empty; start with one weight per task (all 1).");
  for (const name of ["gradNorms", "losses", "initialLosses"] as const) {
    if (input[name].length !== T) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: gradNormStep: ${name} has ${input[name].length} entries for ${T} task weights.`);
    }
  }
  for (let t = 0; t < T; t++) {
    if (!(input.initialLosses[t]! > 0)) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: gradNormStep: initialLosses[${t}] must be > 0 (it divides), got ${input.initialLosses[t]}.`,
      );
    }
  }
  if (!Number.isFinite(input.alpha)) throw new MtrecError("BAD_ARGUMENT", `mtrec: gradNormStep: alpha must be finite, got ${input.alpha}.`);
  if (!(input.lr > 0) || !Number.isFinite(input.lr)) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: gradNormStep: lr must be a finite number > 0, got ${input.lr}.`);
  }
}

function mean(values: Float64Array): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
