import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import type { FusionSpec } from "../../fusion/index.js";
import { fusionType, taskNumbers } from "./fusion-flags.js";

/**
 * `--fuse`: "multiplicative:click=1,purchase=2" (additive, rank likewise), or the path of a
 * JSON file holding {"fusion" or "type", "weights"} — what `mtrec fusion tune --json` prints.
 */
export function fuseFlag(v: string): FusionSpec {
  if (v.endsWith(".json")) {
    let parsed: { fusion?: unknown; type?: unknown; weights?: unknown };
    try {
      parsed = JSON.parse(readFileSync(v, "utf8"));
    } catch (e) {
      throw new InvalidArgumentError(`--fuse ${v}: not a readable JSON file (${(e as Error).message})`);
    }
    const type = parsed.fusion ?? parsed.type ?? "multiplicative";
    const weights = parsed.weights;
    if (typeof type !== "string" || typeof weights !== "object" || weights === null)
      throw new InvalidArgumentError(
        `--fuse ${v}: needs "weights": {"<task>": number, ...} and optionally "fusion": "multiplicative" | "additive" | "rank"`,
      );
    return { type: fusionType(type, `--fuse ${v}: fusion`), weights: weights as Record<string, number> };
  }
  const colon = v.indexOf(":");
  if (colon < 0)
    throw new InvalidArgumentError(
      `--fuse takes type:task=weight,... (e.g. multiplicative:click=1,purchase=2) or a .json file, got "${v}"`,
    );
  return { type: fusionType(v.slice(0, colon), "--fuse: type"), weights: taskNumbers("--fuse")(v.slice(colon + 1)) };
}
