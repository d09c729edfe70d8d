import assert from "node:assert/strict";
import { test } from "node:test";
import { serve } from "../src/serve/server.js";
import { requestRow, servedRows, trainServedModel } from "./helpers/serve-model.js";

const RELOADS = 5;
const WORKERS = 8;

test("reloads while eight clients rank over a real socket drop no request: every answer is a 200", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const app = await serve({ model: fixture.model, threads: 1, adminToken: "t", fuse: { type: "multiplicative", weights: { click: 1 } } });
  t.after(() => app.close());
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const body = JSON.stringify({ candidates: servedRows(100, 60).map(requestRow) });
  let reloading = true;
  const statuses: number[] = [];
  const reloadStatuses: number[] = [];
  // the clients run until the last reload has finished, so every reload happens under load whatever the machine's speed
  const client = async () => {
    while (reloading) {
      const r = await fetch(`${url}/v1/rank`, { method: "POST", headers: { "content-type": "application/json" }, body });
      await r.arrayBuffer();
      statuses.push(r.status);
    }
  };
  const reloader = async () => {
    for (let i = 0; i < RELOADS; i++) {
      const r = await fetch(`${url}/admin/reload`, { method: "POST", headers: { authorization: "Bearer t" } });
      await r.arrayBuffer();
      reloadStatuses.push(r.status);
    }
    reloading = false;
  };
  await Promise.all([reloader(), ...Array.from({ length: WORKERS }, client)]);
  assert.deepEqual(reloadStatuses, new Array(RELOADS).fill(200));
  assert.ok(statuses.length >= WORKERS, "every client was answered at least once");
  assert.deepEqual(
    statuses.filter((s) => s !== 200),
    [],
  );
});
