import { MTREC_VERSION } from "../version.js";

/** The version `mtrec --version` prints: the constant every model directory records. */
export function packageVersion(): string {
  return MTREC_VERSION;
}
