import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ServedModel } from "./loaded.js";

/**
 * The service's Prometheus metrics, in a registry of its own: two servers in one process (tests,
 * a bench) never share or collide on prom-client's global registry.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "mtrec_http_requests_total",
    help: "HTTP requests answered, by route and status",
    labelNames: ["route", "status"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "mtrec_http_request_duration_seconds",
    help: "Time from a request's arrival to its response, by route",
    labelNames: ["route"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly candidates = new Counter({
    name: "mtrec_candidates_scored_total",
    help: "Rows scored by /v1/predict and candidates by /v1/rank",
    labelNames: ["route"] as const,
    registers: [this.registry],
  });
  readonly loadSeconds = new Gauge({
    name: "mtrec_model_load_seconds",
    help: "How long the served model took to load and check",
    registers: [this.registry],
  });
  readonly model = new Gauge({
    name: "mtrec_model_info",
    help: "1 for the model being served, labelled with the sha256 of its files",
    labelNames: ["hash", "dir"] as const,
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: "mtrec_model_reloads_total",
    help: "Model reloads, by outcome (ok, failed)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  serving(served: ServedModel): void {
    this.model.reset();
    this.model.set({ hash: served.hash, dir: served.dir }, 1);
    this.loadSeconds.set(served.loadSeconds);
  }
}
