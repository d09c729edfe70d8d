import { createHash } from "node:crypto";

/** Object keys in sorted order at every depth, so the same content always gives the same text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A job's id from what it computes: the same run asked for twice (a command restarted with the
 * same arguments, on any machine) is the same job, which BullMQ does not add again, so a
 * restarted command reattaches to it and nothing runs twice.
 */
export function contentJobId(kind: string, content: unknown): string {
  return `${kind}-${createHash("sha256").update(canonical(content)).digest("hex").slice(0, 40)}`;
}
