import { MtrecError } from "../errors.js";

/**
 * Throws unless every array has as many rows as the first, and returns that count.
 * `arrays` is keyed by argument name so the message names the two that disagree.
 */
export function checkSameLength(metric: string, arrays: Record<string, ArrayLike<number>>): number {
  const entries = Object.entries(arrays);
  const [firstName, first] = entries[0] as [string, ArrayLike<number>];
  for (const [name, values] of entries.slice(1)) {
    if (values.length !== first.length) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${metric}: ${firstName} has ${first.length} rows but ${name} has ${values.length}; pass one value per row.`,
      );
    }
  }
  return first.length;
}

export function checkBinaryLabels(metric: string, labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${metric}: labels[${i}] is ${label}; expected 0 or 1. Map the positive class to 1 and every other value to 0.`,
      );
    }
  }
}

/** A NaN key has no place in a sort and would silently scramble the ranking around it. */
export function checkNotNaN(metric: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: ${metric}: ${name}[${i}] is NaN; drop the row or fix what produced it.`);
    }
  }
}

/** Values outside [0, 1] are almost always logits passed where probabilities were meant. */
export function checkProbabilities(metric: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const p = values[i] as number;
    if (!(p >= 0 && p <= 1)) {
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${metric}: ${name}[${i}] is ${p}, outside [0, 1]; pass probabilities (after the sigmoid), not logits.`,
      );
    }
  }
}

export function checkWeights(metric: string, weights: ArrayLike<number>): void {
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: ${metric}: weights[${i}] is ${w}; a sample weight must be finite and not negative.`);
    }
  }
}
