import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { FieldError } from "../data/request-columns.js";
import { type ErrorCode, MtrecError } from "../errors.js";

/** What every error response holds: `{"error": {"code", "message", "field"?}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export { FieldError };

export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A JSON pointer (`/candidates/3/price`) as a field path (`candidates[3].price`). */
export function fieldPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  }
  return out;
}

function joinField(base: string, key: string): string {
  return base === "" ? key : `${base}.${key}`;
}

/** The first schema violation as a field and a sentence. */
export function validationError(errors: AjvError[]): FieldError {
  // an if/then/else failure repeats its inner error; the inner one names the field
  const e = errors.find((x) => x.keyword !== "if") ?? (errors[0] as AjvError);
  let field = fieldPath(e.instancePath);
  let message = e.message ?? "is not valid";
  if (e.keyword === "required") field = joinField(field, String(e.params.missingProperty));
  if (e.keyword === "additionalProperties") {
    field = joinField(field, String(e.params.additionalProperty));
    message = "is not a field this request takes";
  }
  if (e.keyword === "type")
    message = `expected ${String(e.params.type).split(",").join(" or ")}${String(e.params.type).includes("number") ? " (a finite number)" : ""}`;
  if (e.keyword === "maxItems") message = `holds more than ${e.params.limit} items (the server's --max-candidates)`;
  if (e.keyword === "enum") message = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  return new FieldError(field === "" ? "body" : field, message);
}

/** Turns anything a route throws into the error body and its status; bad input is a 4xx, never a 500. */
export function replyError(error: FastifyError | MtrecError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const validation = (error as FastifyError).validation as AjvError[] | undefined;
  const known = validation ? validationError(validation) : error instanceof MtrecError ? error : fromFastify(error as FastifyError);
  const status = known.httpStatus;
  if (status >= 500) request.log.error({ err: error }, "request failed");
  const body: ErrorBody = { error: { code: known.code, message: known.message } };
  if (known instanceof FieldError) body.error.field = known.field;
  return reply.status(status).send(body);
}

/** Fastify's own refusals (malformed JSON, body too large, wrong content type) keep their 4xx status. */
function fromFastify(error: FastifyError): MtrecError {
  const status = error.statusCode ?? 500;
  if (status === 413) return new MtrecError("TOO_LARGE", `mtrec: request body over the server's --body-limit (${error.message})`);
  if (status >= 400 && status < 500) return new MtrecError("BAD_REQUEST", `mtrec: request: ${error.message}`);
  return new MtrecError("INTERNAL", `mtrec: internal error: ${error.message}`, { cause: error });
}
