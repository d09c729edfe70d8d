import { MtrecError } from "../errors.js";
import { RedisClient } from "./redis/client.js";
import { parseRedisUrl } from "./redis/connection.js";

/** How long a command or worker waits for Redis to answer before it says it cannot reach it. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * A connection to the Redis at `url` (redis://host:port[/db]), checked to answer: a wrong URL
 * or a server that is down is a named error now, not a command that waits forever.
 */
export async function openRedis(url: string, flag = "--queue"): Promise<RedisClient> {
  let client: RedisClient;
  try {
    client = new RedisClient(parseRedisUrl(url));
  } catch (e) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag} ${url}: ${(e as Error).message}; give redis://HOST:PORT`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.connect().then(() => client.call(["PING"])), timeout]);
  } catch (e) {
    client.disconnect();
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${flag} ${url}: cannot reach Redis (${(e as Error).message}); is redis-server running there?`,
    );
  } finally {
    clearTimeout(timer);
  }
  return client;
}
