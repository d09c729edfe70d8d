import { Redis } from "ioredis";
import { MtrecError } from "../errors.js";

/** How long a command or worker waits for Redis to answer before it says it cannot reach it. */
const CONNECT_TIMEOUT_MS = 5000;

/** redis://[user:password@]host:port[/db] (rediss:// for TLS), checked before ioredis reads it leniently. */
function checkedUrl(url: string, flag: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag} ${url}: not a URL; give redis://HOST:PORT`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag} ${url}: not a redis:// URL; give redis://HOST:PORT`);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db))
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag} ${url}: database "${db}" is not a number; give redis://HOST:PORT/DB`);
  return url;
}

/**
 * A connection to the Redis at `url`, checked to answer: a wrong URL or a server that is down is
 * a named error now, not a command that waits forever. BullMQ needs `maxRetriesPerRequest: null`
 * (its blocking commands wait as long as they must); once connected, ioredis reconnects by itself.
 */
export async function openRedis(url: string, flag = "--queue"): Promise<Redis> {
  // no retry while checking, so the first failure is the answer; reconnecting resumes below
  const client = new Redis(checkedUrl(url, flag), { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => null });
  // until the first answer, a failure is reported below; after it, ioredis retries by itself
  const failures: Error[] = [];
  const onError = (e: Error) => failures.push(e);
  client.on("error", onError);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(failures.at(-1)?.message ?? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
  } catch (e) {
    client.disconnect();
    // the socket's own error (ECONNREFUSED, ENOTFOUND) says more than the closed connection that follows it
    const reason = failures[0]?.message ?? (e as Error).message;
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag} ${url}: cannot reach Redis (${reason}); is redis-server running there?`);
  } finally {
    clearTimeout(timer);
    client.off("error", onError);
  }
  // a worker outlives a Redis restart: try again every ≤ 2 s, as ioredis does by default
  client.options.retryStrategy = (times) => Math.min(times * 50, 2000);
  return client;
}
