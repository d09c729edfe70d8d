import type { InputColumns } from "./score.js";

export type JsonSchema = Record<string, unknown>;

/** A field the model does not read may ride along (an id), but only as a scalar: nothing nested reaches the handler. */
const EXTRA_FIELD: JsonSchema = { type: ["string", "number", "boolean", "null"] };
const TEXT_VALUE: JsonSchema = { type: ["string", "number", "null"] };
const NUMERIC_VALUE: JsonSchema = { type: ["number", "null"] };

/** One candidate or the context: each column the model reads with the types its feature takes. */
function rowSchema(inputs: InputColumns): JsonSchema {
  return {
    type: "object",
    properties: Object.fromEntries([...inputs.text.map((c) => [c, TEXT_VALUE]), ...inputs.numeric.map((c) => [c, NUMERIC_VALUE])]),
    additionalProperties: EXTRA_FIELD,
  };
}

/** Candidates as an array of rows, or as columns: an object of arrays (equal lengths are checked by the handler). */
function candidatesSchema(inputs: InputColumns, maxCandidates: number): JsonSchema {
  const column = (items: JsonSchema): JsonSchema => ({ type: "array", items, maxItems: maxCandidates });
  return {
    type: ["array", "object"],
    if: { type: "array" },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a thenable
    then: { items: rowSchema(inputs), maxItems: maxCandidates },
    else: {
      properties: Object.fromEntries([
        ...inputs.text.map((c) => [c, column(TEXT_VALUE)]),
        ...inputs.numeric.map((c) => [c, column(NUMERIC_VALUE)]),
      ]),
      additionalProperties: column(EXTRA_FIELD),
      minProperties: 1,
    },
  };
}

/** The shapes `src/fusion` fuses with; which tasks the weights may name is checked against the model's scores. */
export const FUSION_SCHEMA: JsonSchema = {
  type: "object",
  required: ["type", "weights"],
  properties: {
    type: { enum: ["multiplicative", "additive", "rank"] },
    weights: { type: "object", minProperties: 1, additionalProperties: { type: "number" } },
    transform: {
      anyOf: [
        { enum: ["identity", "log", "sqrt"] },
        {
          type: "object",
          required: ["power"],
          properties: { power: { type: "number", exclusiveMinimum: 0 } },
          additionalProperties: false,
        },
      ],
    },
    normalize: { enum: ["none", "minmax", "zscore"] },
    r0: { type: "number", minimum: 0 },
  },
  additionalProperties: false,
};

export function predictBodySchema(inputs: InputColumns, maxCandidates: number): JsonSchema {
  return {
    type: "object",
    required: ["rows"],
    properties: { rows: { type: "array", items: rowSchema(inputs), maxItems: maxCandidates } },
    additionalProperties: false,
  };
}

export function rankBodySchema(inputs: InputColumns, maxCandidates: number): JsonSchema {
  return {
    type: "object",
    required: ["candidates"],
    properties: {
      context: rowSchema(inputs),
      candidates: candidatesSchema(inputs, maxCandidates),
      fusion: FUSION_SCHEMA,
      k: { type: "integer", minimum: 0 },
    },
    additionalProperties: false,
  };
}
