import type { AddressInfo } from "node:net";
import { serve } from "../../serve/server.js";
import type { ServeFlags } from "./serve.js";

/** `mtrec serve`, loaded when it runs: Fastify, prom-client and the model's ONNX Runtime session. */
export async function runServe(f: ServeFlags): Promise<void> {
  const app = await serve({
    model: f.model,
    threads: f.threads,
    fuse: f.fuse,
    maxCandidates: f.maxCandidates,
    bodyLimit: f.bodyLimit,
    adminToken: f.adminToken,
    logger: { level: "warn" },
  });
  await app.listen({ host: f.host, port: f.port });
  const { port } = app.server.address() as AddressInfo;
  const host = f.host.includes(":") ? `[${f.host}]` : f.host;
  console.log(`listening on http://${host}:${port}`);
  process.on("SIGHUP", () => {
    void app.slot.reload().then((outcome) => {
      if (outcome.ok) console.error(`mtrec serve: SIGHUP: reloaded ${f.model}, now serving ${outcome.served.id}`);
      else console.error(`${outcome.error.message} (SIGHUP reload failed; still serving ${app.slot.current.id})`);
    });
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.error(`mtrec serve: ${signal}: closing; requests in flight finish first`);
    // requests in flight finish; a stuck one may not hold the process past the deadline
    const deadline = setTimeout(() => {
      console.error(`mtrec serve: ${signal}: requests still in flight after ${f.shutdownSeconds} s; exiting`);
      process.exit(1);
    }, f.shutdownSeconds * 1000);
    deadline.unref();
    // keep-alive connections that finish their request after close() began become idle then; close them as they do
    setInterval(() => app.server.closeIdleConnections(), 100).unref();
    void app.close().then(() => {
      console.error(`mtrec serve: ${signal}: stopped`);
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
