import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  // no retries: the caller polls
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The Redis the queue tests use: `MTREC_TEST_REDIS` when set (`.ci/run` starts one), else a
 * `redis-server` of our own on a free loopback port, without persistence. With neither, the
 * tests fail and say how to get one: a queue test that skips would pass without testing.
 */
export async function testRedis(): Promise<TestRedis> {
  const given = process.env.MTREC_TEST_REDIS;
  if (given) return { url: given, stop: async () => {} };
  if (spawnSync("redis-server", ["--version"]).error)
    throw new Error(
      "the queue tests need Redis: install redis-server (Debian: apt-get install -y redis-server) or set MTREC_TEST_REDIS=redis://HOST:PORT",
    );
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${port}`;
  // bounded: a server that does not answer within 10 s has failed to start
  for (let i = 0; i < 200 && !(await answers(url)); i++) await sleep(50);
  if (!(await answers(url))) {
    child.kill("SIGKILL");
    throw new Error(`redis-server on port ${port} did not answer`);
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
