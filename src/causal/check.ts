import { MtrecError } from "../errors.js";

/** A treatment or outcome indicator; the message names the argument, not a generic "labels". */
export function checkBinary(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== 0 && value !== 1) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: ${fn}: ${name}[${i}] is ${value}; expected 0 or 1.`);
    }
  }
}
