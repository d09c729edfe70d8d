import type { FusionSpec } from "../../fusion/index.js";
import type { ServeMetrics } from "../metrics.js";
import type { ModelSlot } from "../model-slot.js";

/** What every route plugin of one server shares. */
export interface RouteContext {
  slot: ModelSlot;
  metrics: ServeMetrics;
  /** The server's `--fuse`, used when a rank request names no fusion. */
  fuse?: FusionSpec;
  adminToken?: string;
}

/** Per-row scores as JSON numbers; a task's Float32Array would otherwise serialise as an object of indices. */
export function plainScores(scores: Record<string, Float32Array>, names: string[], order?: Int32Array): Record<string, number[]> {
  return Object.fromEntries(
    names.map((name) => {
      const s = scores[name] as Float32Array;
      return [name, order ? Array.from(order, (i) => s[i] as number) : Array.from(s)];
    }),
  );
}
