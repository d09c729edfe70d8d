import assert from "node:assert/strict";
import { request } from "node:http";
import { connect } from "node:net";
import { test } from "node:test";
import { mtrec } from "./helpers/cli.js";
import { requestRow, retrain, servedRows, trainServedModel } from "./helpers/serve-model.js";
import { startServe } from "./helpers/serve-process.js";

const FUSE = "multiplicative:click=1,purchase=2";

async function rank(
  url: string,
  candidates: unknown[],
): Promise<{ status: number; body: { model: string; order: number[]; fused: number[] } }> {
  const r = await fetch(`${url}/v1/rank`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ candidates }),
  });
  return { status: r.status, body: (await r.json()) as { model: string; order: number[]; fused: number[] } };
}

test("two mtrec serve processes on two ports give the same scores (the service is stateless)", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const [a, b] = await Promise.all([
    startServe(["--model", fixture.model, "--fuse", FUSE]),
    startServe(["--model", fixture.model, "--fuse", FUSE]),
  ]);
  t.after(() => {
    a.child.kill("SIGKILL");
    b.child.kill("SIGKILL");
  });
  assert.notEqual(a.url, b.url);
  const candidates = servedRows(60, 40).map(requestRow);
  const [fromA, fromB] = await Promise.all([rank(a.url, candidates), rank(b.url, candidates)]);
  assert.equal(fromA.status, 200);
  assert.deepEqual(fromA.body, fromB.body);
});

test("SIGHUP makes mtrec serve load its model directory again and serve the new model", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const served = await startServe(["--model", fixture.model, "--fuse", FUSE]);
  t.after(() => served.child.kill("SIGKILL"));
  const candidates = servedRows(20, 41).map(requestRow);
  const before = await rank(served.url, candidates);
  await retrain(fixture.model, 77);
  served.child.kill("SIGHUP");
  const line = await served.stderrLine(/SIGHUP/);
  assert.match(line, /reloaded/);
  const after = await rank(served.url, candidates);
  assert.notEqual(after.body.model, before.body.model);
  assert.match(line, new RegExp(after.body.model));
});

test("SIGTERM lets a request in flight finish with 200, then mtrec serve exits 0", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const served = await startServe(["--model", fixture.model, "--fuse", FUSE]);
  t.after(() => served.child.kill("SIGKILL"));
  const body = JSON.stringify({ candidates: servedRows(100, 42).map(requestRow) });
  const { port } = new URL(served.url);
  // Expect: 100-continue: the server's "continue" proves it holds the request before the signal is sent
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/v1/rank",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), expect: "100-continue" },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => {
          text += d.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.on("continue", () => {
      served.child.kill("SIGTERM");
      void served.stderrLine(/SIGTERM: closing/).then(() => req.end(body));
    });
    req.flushHeaders();
  });
  const r = await answer;
  assert.equal(r.status, 200, r.text);
  assert.equal((JSON.parse(r.text) as { order: number[] }).order.length, 100);
  assert.equal(await served.exited, 0);
});

test("mtrec serve refuses a --fuse weight for a task the model lacks with exit 2, naming the model's tasks", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const r = await mtrec("serve", "--model", fixture.model, "--port", "0", "--fuse", "multiplicative:like=1");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--fuse: the model has no task "like"; its tasks: click, purchase/);
});

test("mtrec serve refuses a --body-limit that is not a size with exit 2", async () => {
  const r = await mtrec("serve", "--model", "m", "--body-limit", "lots");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--body-limit takes a size like 16mb/);
});

test("a request that reaches mtrec serve after SIGTERM gets 503 with the service's error body and Connection: close", async (t) => {
  const fixture = await trainServedModel();
  t.after(() => fixture.cleanup());
  const served = await startServe(["--model", fixture.model, "--fuse", FUSE]);
  t.after(() => served.child.kill("SIGKILL"));
  const body = JSON.stringify({ candidates: servedRows(10, 43).map(requestRow) });
  const { port } = new URL(served.url);
  // one socket: a request held open by Expect: 100-continue across the signal, then a second one pipelined behind it
  const socket = connect(Number(port), "127.0.0.1");
  t.after(() => socket.destroy());
  let text = "";
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("data", (d: Buffer) => {
    text += d.toString();
    if (text.includes("100 Continue") && !text.includes("HTTP/1.1 200")) {
      text = "";
      served.child.kill("SIGTERM");
      void served.stderrLine(/SIGTERM: closing/).then(() => socket.write(`${body}GET /readyz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`));
    }
  });
  socket.write(
    `POST /v1/rank HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nexpect: 100-continue\r\n\r\n`,
  );
  await closed;
  const [first, second] = text.split(/(?=HTTP\/1\.1 )/);
  assert.match(first ?? "", /^HTTP\/1\.1 200/, text);
  assert.match(second ?? "", /^HTTP\/1\.1 503/, text);
  assert.match(second ?? "", /connection: close/i);
  const errorBody = JSON.parse((second ?? "").slice((second ?? "").indexOf("\r\n\r\n") + 4)) as {
    error: { code: string; message: string };
  };
  assert.equal(errorBody.error.code, "NOT_READY");
  assert.match(errorBody.error.message, /shutting down/);
  assert.equal(await served.exited, 0);
});
