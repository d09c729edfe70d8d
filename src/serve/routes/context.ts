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
