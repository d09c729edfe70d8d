import { EventEmitter } from "node:events";
import { connect, type Socket } from "node:net";
import { type Arg, encodeCommand, type Reply, ReplyError, ReplyParser } from "./resp.js";

/** BullMQ recognises a lost connection by this message (its CONNECTION_CLOSED_ERROR_MSG). */
export const CONNECTION_CLOSED = "Connection is closed.";

export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  connectionName?: string;
}

/** redis://[user[:password]@]host[:port][/db], as Redis documents it. */
export function parseRedisUrl(url: string): RedisAddress {
  const u = new URL(url);
  if (u.protocol !== "redis:") throw new Error(`not a redis:// URL: ${url}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`database "${u.pathname.slice(1)}" is not a number in ${url}`);
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

/**
 * One socket to Redis with replies matched to requests in order. It reconnects after a lost
 * connection (commands in flight fail with {@link CONNECTION_CLOSED}, which BullMQ retries)
 * until {@link close} is called.
 */
export class RedisSocket extends EventEmitter {
  status: "wait" | "connecting" | "ready" | "reconnecting" | "end" = "wait";
  private socket?: Socket;
  private pending: Pending[] = [];
  private connecting?: Promise<void>;
  private retries = 0;

  constructor(readonly address: RedisAddress) {
    super();
  }

  connect(): Promise<void> {
    if (this.status === "ready") return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.status = "connecting";
    this.connecting = new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.address.host, port: this.address.port });
      socket.setNoDelay(true);
      const parser = new ReplyParser();
      let opened = false;
      socket.on("data", (chunk) => {
        for (const reply of parser.feed(chunk)) {
          const p = this.pending.shift();
          if (!p) continue;
          if (reply instanceof ReplyError) p.reject(reply);
          else p.resolve(reply);
        }
      });
      socket.on("error", (e) => {
        if (!opened) reject(e);
        else if (this.listenerCount("error") > 0) this.emit("error", e);
      });
      socket.on("close", () => this.closed(socket));
      socket.on("connect", () => {
        opened = true;
        this.socket = socket;
        this.handshake()
          .then(() => {
            this.status = "ready";
            this.retries = 0;
            this.connecting = undefined;
            resolve();
            this.emit("ready");
          })
          .catch((e: Error) => {
            this.connecting = undefined;
            socket.destroy();
            reject(e);
          });
      });
    });
    this.connecting.catch(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async handshake(): Promise<void> {
    const { username, password, db, connectionName } = this.address;
    if (password !== undefined) await this.raw(username ? ["AUTH", username, password] : ["AUTH", password]);
    if (db !== 0) await this.raw(["SELECT", db]);
    if (connectionName) await this.raw(["CLIENT", "SETNAME", connectionName]);
  }

  private closed(socket: Socket): void {
    if (this.socket !== socket && this.socket !== undefined) return;
    this.socket = undefined;
    for (const p of this.pending.splice(0)) p.reject(new Error(CONNECTION_CLOSED));
    this.emit("close");
    if (this.status === "end") {
      this.emit("end");
      return;
    }
    // a restarted Redis or a network blip: try again, backing off up to 2 s
    this.status = "reconnecting";
    this.emit("reconnecting");
    const delay = Math.min(2000, 100 * 2 ** this.retries++);
    setTimeout(() => {
      if (this.status !== "reconnecting") return;
      this.status = "wait";
      // a failed attempt closes its socket, which schedules the next one
      this.connect().catch((e: Error) => {
        if (this.listenerCount("error") > 0) this.emit("error", e);
      });
    }, delay).unref();
  }

  /** Sends a command on the open socket. */
  private raw(args: readonly Arg[]): Promise<Reply> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error(CONNECTION_CLOSED));
    return new Promise<Reply>((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(encodeCommand(args));
    });
  }

  /** Sends a command, connecting first when needed. */
  async send(args: readonly Arg[]): Promise<Reply> {
    if (this.status === "end") throw new Error(CONNECTION_CLOSED);
    if (this.status !== "ready") await this.connect();
    return this.raw(args);
  }

  /** Sends several commands back to back and collects every reply, errors included, in order. */
  async sendMany(commands: readonly (readonly Arg[])[]): Promise<Reply[]> {
    if (this.status === "end") throw new Error(CONNECTION_CLOSED);
    if (this.status !== "ready") await this.connect();
    return Promise.all(commands.map((c) => this.raw(c).catch((e: Error) => (e instanceof ReplyError ? e : Promise.reject(e)))));
  }

  /** Drops the socket; a new one is opened as after a lost connection. */
  drop(): void {
    this.socket?.destroy();
  }

  /** Closes for good: QUIT when `graceful`, else the socket is destroyed (which interrupts a blocking command). */
  async close(graceful: boolean): Promise<void> {
    const socket = this.socket;
    this.status = "end";
    if (!socket) {
      setImmediate(() => {
        this.emit("close");
        this.emit("end");
      });
      return;
    }
    if (graceful) await this.raw(["QUIT"]).catch(() => undefined);
    socket.destroy();
  }
}
