import { MtrecError } from "../../errors.js";
import type { Sym } from "../../graph/graph.js";
import { ipsWeights } from "../../losses/propensity.js";
import type { ObjectiveInputs } from "../types.js";
import type { PropensitySpec } from "./funnel-model.js";

/** The inverse-propensity weights of a model: from its own pCTR or from a data column. */
export function weightsFor(spec: PropensitySpec, pCtr: Sym, inputs: ObjectiveInputs): Sym {
  if (spec.source === "column") {
    if (!inputs.propensity) throw new MtrecError("BAD_CONFIG", `mtrec: propensity column "${spec.column}" is not fed to the model`);
    return ipsWeights(inputs.propensity, spec);
  }
  return ipsWeights(pCtr, spec);
}
