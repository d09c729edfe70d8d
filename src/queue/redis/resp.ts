/**
 * The Redis wire protocol (RESP2), as much as BullMQ's commands need: requests as arrays of
 * bulk strings, replies as simple strings, errors, integers, bulk strings and arrays.
 */

/** A reply as a Redis client hands it on: bulk strings as UTF-8 text, nil as null, errors as values inside arrays. */
export type Reply = string | number | null | ReplyError | Reply[];

/** An error reply (`-ERR ...`, `-NOSCRIPT ...`): a value of the reply, thrown only at the top level. */
export class ReplyError extends Error {
  override name = "ReplyError";
}

export type Arg = string | number | Buffer;

const CRLF = "\r\n";

export function encodeCommand(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}${CRLF}`)];
  for (const a of args) {
    const bytes = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
    parts.push(Buffer.from(`$${bytes.length}${CRLF}`), bytes, Buffer.from(CRLF));
  }
  return Buffer.concat(parts);
}

/** Thrown inside the parser when the buffer ends mid-reply: wait for more bytes. */
const INCOMPLETE = Symbol("incomplete");

/** Turns a byte stream into replies; keeps a partial reply until the rest arrives. */
export class ReplyParser {
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;

  /** Appends bytes and returns every reply they complete, in order. */
  feed(chunk: Buffer): Reply[] {
    this.buffer = this.offset < this.buffer.length ? Buffer.concat([this.buffer.subarray(this.offset), chunk]) : chunk;
    this.offset = 0;
    const replies: Reply[] = [];
    for (;;) {
      const start = this.offset;
      try {
        replies.push(this.reply());
      } catch (e) {
        if (e !== INCOMPLETE) throw e;
        this.offset = start;
        return replies;
      }
    }
  }

  private line(): string {
    const end = this.buffer.indexOf(CRLF, this.offset);
    if (end < 0) throw INCOMPLETE;
    const text = this.buffer.toString("utf8", this.offset, end);
    this.offset = end + 2;
    return text;
  }

  private reply(): Reply {
    if (this.offset >= this.buffer.length) throw INCOMPLETE;
    const kind = String.fromCharCode(this.buffer[this.offset] as number);
    this.offset++;
    const head = this.line();
    switch (kind) {
      case "+":
        return head;
      case "-":
        return new ReplyError(head);
      case ":":
        return Number(head);
      case "$": {
        const length = Number(head);
        if (length < 0) return null;
        if (this.offset + length + 2 > this.buffer.length) throw INCOMPLETE;
        const text = this.buffer.toString("utf8", this.offset, this.offset + length);
        this.offset += length + 2;
        return text;
      }
      case "*": {
        const count = Number(head);
        if (count < 0) return null;
        const items: Reply[] = [];
        for (let i = 0; i < count; i++) items.push(this.reply());
        return items;
      }
      default:
        throw new ReplyError(`mtrec: unexpected byte "${kind}" in a Redis reply`);
    }
  }
}
