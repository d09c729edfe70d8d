import type { FastifyRequest } from "fastify";
import { type AjvError, validationError } from "./error-reply.js";
import type { JsonSchema } from "./request-schema.js";

/**
 * The request's body, checked against the JSON Schema of the model that answers it, with
 * Fastify's validator (compiled once per schema object and kept). Not a route schema: those are
 * fixed when the routes are registered, and a reloaded model may read other fields.
 */
export function checkedBody<T>(request: FastifyRequest, schema: JsonSchema): T {
  const validate = request.compileValidationSchema(schema, "body");
  if (!validate(request.body)) throw validationError((validate.errors ?? []) as AjvError[]);
  return request.body as T;
}
