import type { Schema } from "./types.js";

/**
 * A schema as JSON with one feature per line: short enough to read at a glance when the
 * command line prints it, and valid to paste into a config's "schema" and edit. Columns
 * inference left out on its own (`omitted`) follow the JSON, each with its reason, so that
 * a column missing from the inputs is never a mystery.
 */
export function describeSchema(schema: Schema, omitted: { column: string; reason: string }[] = []): string {
  const list = (items: object[]) => (items.length === 0 ? "[]" : `[\n${items.map((i) => `    ${JSON.stringify(i)}`).join(",\n")}\n  ]`);
  const parts = [`  "labels": ${list(schema.labels)}`, `  "sparse": ${list(schema.sparse)}`, `  "dense": ${list(schema.dense)}`];
  if (schema.group) parts.push(`  "group": ${JSON.stringify(schema.group)}`);
  const notes = omitted.map((o) => `not an input: "${o.column}": ${o.reason}\n`).join("");
  return `{\n${parts.join(",\n")}\n}\n${notes}`;
}
