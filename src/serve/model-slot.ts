import { MtrecError } from "../errors.js";
import { loadServedModel, type ServedModel } from "./loaded.js";
import type { ServeMetrics } from "./metrics.js";
import { type JsonSchema, predictBodySchema, rankBodySchema } from "./request-schema.js";
import { inputColumns } from "./score.js";

/** A served model with the JSON Schemas of the request bodies it reads: swapped in together. */
export interface Serving extends ServedModel {
  bodies: { predict: JsonSchema; rank: JsonSchema };
}

export type ReloadOutcome = { ok: true; served: Serving } | { ok: false; error: MtrecError };

/**
 * The model the service answers with. A request reads `current` once and keeps that model to the
 * end, so swapping in a new one (a single assignment) never changes a request in flight.
 */
export class ModelSlot {
  private reloading: Promise<ReloadOutcome> | undefined;

  current: Serving;

  constructor(
    served: ServedModel,
    private readonly metrics: ServeMetrics,
    private readonly opts: { threads?: number; maxCandidates: number },
  ) {
    this.current = this.serving(served);
    metrics.serving(served);
  }

  /** The request schemas follow the model: a new model may read other fields than the old one. */
  private serving(served: ServedModel): Serving {
    const inputs = inputColumns(served.model);
    const max = this.opts.maxCandidates;
    return { ...served, bodies: { predict: predictBodySchema(inputs, max), rank: rankBodySchema(inputs, max) } };
  }

  /**
   * Loads the directory again, checks it and swaps it in; a failure keeps the old model serving.
   * Concurrent calls share one load.
   */
  reload(): Promise<ReloadOutcome> {
    this.reloading ??= this.load().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async load(): Promise<ReloadOutcome> {
    const dir = this.current.dir;
    try {
      const next = this.serving(await loadServedModel(dir, { threads: this.opts.threads }));
      this.current = next;
      this.metrics.serving(next);
      this.metrics.reloads.inc({ outcome: "ok" });
      return { ok: true, served: next };
    } catch (e) {
      this.metrics.reloads.inc({ outcome: "failed" });
      const error =
        e instanceof MtrecError ? e : new MtrecError("MODEL_FILE", `mtrec: ${dir}: reload failed: ${(e as Error).message}`, { cause: e });
      return { ok: false, error };
    }
  }
}
