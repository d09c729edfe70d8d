/**
 * JSON as jobs carry it, with the numbers JSON has no words for: a metric can be NaN (AUC of a
 * one-class task) or infinite, and a queued run must hand back exactly the local run's numbers.
 * Finite doubles survive JSON as they are (shortest round-trip text).
 */
const NON_FINITE = "$number";

export function toWire(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? { [NON_FINITE]: String(v) } : v)),
  );
}

export function fromWire<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === NON_FINITE) return Number((v as Record<string, string>)[NON_FINITE]);
    }
    return v;
  }) as T;
}
