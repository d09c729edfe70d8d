import { MtrecError } from "../errors.js";
import { loadServedModel, type ServedModel } from "./loaded.js";
import type { ServeMetrics } from "./metrics.js";
import { type InputColumns, inputColumns } from "./score.js";

export type ReloadOutcome = { ok: true; served: ServedModel } | { ok: false; error: MtrecError };

/**
 * The model the service answers with. A request reads `current` once and keeps that model to the
 * end, so swapping in a new one (a single assignment) never changes a request in flight.
 */
export class ModelSlot {
  private reloading: Promise<ReloadOutcome> | undefined;

  constructor(
    public current: ServedModel,
    /** The request columns the routes' JSON Schemas were built for. */
    readonly inputs: InputColumns,
    private readonly metrics: ServeMetrics,
    private readonly threads: number | undefined,
  ) {
    metrics.serving(current);
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
      const next = await loadServedModel(dir, { threads: this.threads });
      const columns = inputColumns(next.model);
      if (JSON.stringify(columns) !== JSON.stringify(this.inputs))
        throw new MtrecError(
          "MODEL_FILE",
          `mtrec: ${dir}: the new model reads other request fields (${[...columns.text, ...columns.numeric].join(", ")}) than the served one (${[...this.inputs.text, ...this.inputs.numeric].join(", ")}); the request schema is fixed at start, so restart the service for it`,
        );
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
