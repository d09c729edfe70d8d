import { InvalidArgumentError } from "commander";
import { MtrecError } from "../../errors.js";
import type { FusionType } from "../../fusion/index.js";
import { list } from "../options.js";

/** Parses "click=1,purchase=20" (a number per task or action). */
export function taskNumbers(flag: string) {
  return (v: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const pair of list(v)) {
      const [k, w] = pair.split("=");
      const n = Number(w);
      if (!k || w === undefined || w.trim() === "" || !Number.isFinite(n))
        throw new InvalidArgumentError(`${flag} takes name=number pairs, got "${pair}"`);
      out[k] = n;
    }
    return out;
  };
}

/** `type` as a fusion type; `where` names what gave it in the message (a flag, or a part of one). */
export function fusionType(type: string, where = "--type"): FusionType {
  if (type === "multiplicative" || type === "additive" || type === "rank") return type;
  throw new MtrecError("BAD_ARGUMENT", `mtrec: ${where} ${type} is not multiplicative, additive or rank`);
}

/** Every name in `given` must be one of `known`; the message names the flag and the choices. */
export function checkNames(flag: string, given: Record<string, number>, known: readonly string[]): void {
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag}: unknown name "${name}"; known: ${known.join(", ")}`);
  }
}

export function weightsText(weights: Record<string, number>): string {
  return Object.entries(weights)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(", ");
}
