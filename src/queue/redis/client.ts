import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import type { IRedisClient, IRedisTransaction } from "bullmq";
import { type RedisAddress, RedisSocket } from "./connection.js";
import { type Arg, type Reply, ReplyError } from "./resp.js";

interface Script {
  sha: string;
  lua: string;
  keys: number;
}

/** BullMQ passes a script's arguments as one array or spread; null and undefined keep their place as "". */
function scriptArgs(args: readonly unknown[]): Arg[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return flat.map((a) => (Buffer.isBuffer(a) ? a : a === undefined || a === null ? "" : String(a)));
}

function evalsha(script: Script, args: readonly unknown[]): Arg[] {
  const a = scriptArgs(args);
  return ["EVALSHA", script.sha, script.keys, ...a];
}

const pairs = (o: Record<string, string | number>): Arg[] => Object.entries(o).flat();

/** HGETALL's flat [field, value, ...] as an object. */
function hash(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  const flat = (reply as string[] | null) ?? [];
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

type Transform = (r: Reply) => unknown;
const same: Transform = (r) => r;

/** Commands queued on a pipeline or a MULTI, sent together by `exec`. */
class Transaction implements IRedisTransaction {
  private commands: { args: Arg[]; transform: Transform }[] = [];

  constructor(
    private readonly socket: RedisSocket,
    private readonly scripts: Map<string, Script>,
    private readonly atomic: boolean,
  ) {}

  private add(args: Arg[], transform: Transform = same): this {
    this.commands.push({ args, transform });
    return this;
  }
  hgetall(key: string): this {
    return this.add(["HGETALL", key], hash);
  }
  hset(key: string, data: Record<string, string | number>): this {
    return this.add(["HSET", key, ...pairs(data)]);
  }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }): this {
    return this.add(["HSCAN", key, cursor, ...(options?.COUNT !== undefined ? ["COUNT", options.COUNT] : [])]);
  }
  smembers(key: string): this {
    return this.add(["SMEMBERS", key]);
  }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }): this {
    return this.add(["SSCAN", key, cursor, ...(options?.COUNT !== undefined ? ["COUNT", options.COUNT] : [])]);
  }
  zrange(key: string, start: number, end: number): this {
    return this.add(["ZRANGE", key, start, end]);
  }
  lrange(key: string, start: number, end: number): this {
    return this.add(["LRANGE", key, start, end]);
  }
  llen(key: string): this {
    return this.add(["LLEN", key]);
  }
  del(...keys: string[]): this {
    return this.add(["DEL", ...keys]);
  }
  runCommand(name: string, args: unknown[]): this {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`BullMQ: unknown command "${name}"`);
    return this.add(evalsha(script, args));
  }

  async exec(): Promise<[Error | null, unknown][] | null> {
    const commands = this.commands.splice(0);
    // scripts are loaded when defined; loading them again is cheap and makes EVALSHA safe on any connection
    const loads: Arg[][] = [...this.scripts.values()]
      .filter((s) => commands.some((c) => c.args[1] === s.sha))
      .map((s) => ["SCRIPT", "LOAD", s.lua]);
    if (!this.atomic) {
      const replies = (await this.socket.sendMany([...loads, ...commands.map((c) => c.args)])).slice(loads.length);
      return replies.map((r, i) => (r instanceof ReplyError ? [r, null] : [null, (commands[i] as { transform: Transform }).transform(r)]));
    }
    const replies = await this.socket.sendMany([...loads, ["MULTI"], ...commands.map((c) => c.args), ["EXEC"]]);
    const queued = replies.slice(loads.length + 1, -1);
    const failed = queued.find((r) => r instanceof ReplyError);
    const results = replies[replies.length - 1];
    if (results instanceof ReplyError) throw failed ?? results;
    if (results === null) return null;
    return (results as Reply[]).map((r, i) =>
      r instanceof ReplyError ? [r, null] : [null, (commands[i] as { transform: Transform }).transform(r)],
    );
  }
}

/**
 * A Redis client in the shape BullMQ 6 takes through its `connection` option (its
 * `IRedisClient`), written on node:net because BullMQ's usual driver, ioredis, is an optional
 * peer dependency this package does not install. It speaks to one Redis server, not a cluster.
 */
export class RedisClient extends EventEmitter implements IRedisClient {
  readonly isCluster = false;
  options: Record<string, unknown>;
  private readonly socket: RedisSocket;
  private readonly scripts: Map<string, Script>;

  constructor(address: RedisAddress, scripts = new Map<string, Script>()) {
    super();
    this.scripts = new Map(scripts);
    // BullMQ refuses a blocking connection that gives up on a command after some retries
    this.options = { ...address, maxRetriesPerRequest: null };
    this.socket = new RedisSocket(address);
    for (const event of ["ready", "error", "close", "end", "reconnecting"])
      this.socket.on(event, (...args: unknown[]) => this.emit(event, ...args));
    for (const [name, script] of this.scripts) this.expose(name, script);
  }

  get status(): string {
    return this.socket.status;
  }
  set status(value: string) {
    // BullMQ marks a connection it is closing as ended
    if (value === "end") void this.socket.close(false);
  }

  connect(): Promise<void> {
    return this.socket.connect();
  }
  disconnect(reconnect = false): void {
    if (reconnect) this.socket.drop();
    else void this.socket.close(false);
  }
  async quit(): Promise<string> {
    await this.socket.close(true);
    return "OK";
  }
  duplicate(options?: { connectionName?: string }): RedisClient {
    const { maxRetriesPerRequest: _, ...address } = this.options;
    return new RedisClient({ ...(address as unknown as RedisAddress), ...options }, this.scripts);
  }

  /** BullMQ checks `client[name]` to know a script is defined already. */
  private expose(name: string, script: Script): void {
    Object.defineProperty(this, name, { value: (...args: unknown[]) => this.call(evalsha(script, args)), configurable: true });
  }
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const script = { sha: createHash("sha1").update(definition.lua).digest("hex"), lua: definition.lua, keys: definition.numberOfKeys };
    this.scripts.set(name, script);
    this.expose(name, script);
  }
  async runCommand(name: string, args: unknown[]): Promise<unknown> {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`BullMQ: unknown command "${name}"`);
    try {
      return await this.call(evalsha(script, args));
    } catch (e) {
      if (!(e instanceof ReplyError) || !e.message.startsWith("NOSCRIPT")) throw e;
      return this.call(["EVAL", script.lua, script.keys, ...scriptArgs(args)]);
    }
  }
  multi(): IRedisTransaction {
    return new Transaction(this.socket, this.scripts, true);
  }
  pipeline(): IRedisTransaction {
    return new Transaction(this.socket, this.scripts, false);
  }

  /** Any command, its reply as Redis sent it. */
  async call(args: readonly Arg[]): Promise<Reply> {
    const reply = await this.socket.send(args);
    if (reply instanceof ReplyError) throw reply;
    return reply;
  }
  private async text(args: readonly Arg[]): Promise<string> {
    return (await this.call(args)) as string;
  }
  private async count(args: readonly Arg[]): Promise<number> {
    return (await this.call(args)) as number;
  }
  private async list(args: readonly Arg[]): Promise<string[]> {
    return ((await this.call(args)) as string[] | null) ?? [];
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return hash(await this.call(["HGETALL", key]));
  }
  async hget(key: string, field: string): Promise<string | null> {
    return (await this.call(["HGET", key, field])) as string | null;
  }
  async hmget(key: string, ...fields: string[]): Promise<(string | null)[]> {
    return (await this.call(["HMGET", key, ...fields])) as (string | null)[];
  }
  hset(key: string, data: Record<string, string | number>): Promise<number> {
    return this.count(["HSET", key, ...pairs(data)]);
  }
  hdel(key: string, ...fields: string[]): Promise<number> {
    return this.count(["HDEL", key, ...fields]);
  }
  hexists(key: string, field: string): Promise<number> {
    return this.count(["HEXISTS", key, field]);
  }
  async get(key: string): Promise<string | null> {
    return (await this.call(["GET", key])) as string | null;
  }
  async set(key: string, value: string | number, options?: { PX?: number; EX?: number }): Promise<string | null> {
    const expiry = options?.PX !== undefined ? ["PX", options.PX] : options?.EX !== undefined ? ["EX", options.EX] : [];
    return (await this.call(["SET", key, value, ...expiry])) as string | null;
  }
  del(...keys: string[]): Promise<number> {
    return keys.length === 0 ? Promise.resolve(0) : this.count(["DEL", ...keys]);
  }
  zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.list(["ZRANGE", key, start, end, ...(options?.WITHSCORES ? ["WITHSCORES"] : [])]);
  }
  zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.list(["ZREVRANGE", key, start, end, ...(options?.WITHSCORES ? ["WITHSCORES"] : [])]);
  }
  zcard(key: string): Promise<number> {
    return this.count(["ZCARD", key]);
  }
  async zscore(key: string, member: string): Promise<string | null> {
    return (await this.call(["ZSCORE", key, member])) as string | null;
  }
  lrange(key: string, start: number, end: number): Promise<string[]> {
    return this.list(["LRANGE", key, start, end]);
  }
  llen(key: string): Promise<number> {
    return this.count(["LLEN", key]);
  }
  ltrim(key: string, start: number, end: number): Promise<string> {
    return this.text(["LTRIM", key, start, end]);
  }
  async lpos(key: string, value: string): Promise<number | null> {
    return (await this.call(["LPOS", key, value])) as number | null;
  }
  smembers(key: string): Promise<string[]> {
    return this.list(["SMEMBERS", key]);
  }
  xadd(
    key: string,
    id: string,
    fields: Record<string, string | number>,
    options?: { MAXLEN?: number; approximate?: boolean },
  ): Promise<string> {
    const trim = options?.MAXLEN !== undefined ? ["MAXLEN", ...(options.approximate !== false ? ["~"] : []), options.MAXLEN] : [];
    return this.text(["XADD", key, ...trim, id, ...pairs(fields)]);
  }
  xread(streams: { key: string; id: string }[], options?: { BLOCK?: number; COUNT?: number }): Promise<unknown> {
    return this.call([
      "XREAD",
      ...(options?.BLOCK !== undefined ? ["BLOCK", options.BLOCK] : []),
      ...(options?.COUNT !== undefined ? ["COUNT", options.COUNT] : []),
      "STREAMS",
      ...streams.map((s) => s.key),
      ...streams.map((s) => s.id),
    ]);
  }
  xtrim(key: string, strategy: "MAXLEN", threshold: number, options?: { approximate?: boolean }): Promise<number> {
    return this.count(["XTRIM", key, strategy, ...(options?.approximate !== false ? ["~"] : []), threshold]);
  }
  async bzpopmin(key: string, timeout: number): Promise<[key: string, member: string, score: string] | null> {
    return (await this.call(["BZPOPMIN", key, timeout])) as [string, string, string] | null;
  }
  info(): Promise<string> {
    return this.text(["INFO"]);
  }
  clientSetName(name: string): Promise<unknown> {
    return this.call(["CLIENT", "SETNAME", name]);
  }
  clientList(): Promise<string> {
    return this.text(["CLIENT", "LIST"]);
  }
  clientInfo(): Promise<string> {
    return this.text(["CLIENT", "INFO"]);
  }
  /** ioredis's generic CLIENT call, which BullMQ also uses. */
  client(...args: Arg[]): Promise<unknown> {
    return this.call(["CLIENT", ...args]);
  }
  async scan(cursor: string | number, options: { MATCH?: string; COUNT?: number }): Promise<[string, string[]]> {
    const match = options.MATCH !== undefined ? ["MATCH", options.MATCH] : [];
    const count = options.COUNT !== undefined ? ["COUNT", options.COUNT] : [];
    return (await this.call(["SCAN", cursor, ...match, ...count])) as [string, string[]];
  }
  scanStream(options: { match: string; count?: number }): Readable {
    let cursor = "0";
    let done = false;
    // like ioredis's scanStream: one array of keys per SCAN call, ended when the cursor returns to 0
    const stream: Readable = new Readable({
      objectMode: true,
      read: () => {
        if (done) {
          stream.push(null);
          return;
        }
        this.scan(cursor, { MATCH: options.match, COUNT: options.count }).then(
          ([next, keys]) => {
            cursor = next;
            done = next === "0";
            stream.push(keys);
          },
          (e: Error) => stream.destroy(e),
        );
      },
    });
    return stream;
  }
}
