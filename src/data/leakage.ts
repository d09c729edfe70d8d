import { aucOfSortedRun } from "../metrics/auc.js";
import { aucBounds } from "../metrics/auc-bounds.js";
import { ascendingOrder } from "../metrics/order.js";
import type { EncodedData, FittedSchema } from "./types.js";

/** A dense feature that alone ranks a label at least this well (or this badly) gives it away. */
const LEAK_HIGH = 0.995;
const LEAK_LOW = 0.005;

export interface Leak {
  feature: string;
  label: string;
  /** How well the feature alone ranks the label (dense), or 1 when it determines it (sparse). */
  auc: number;
  /** What the feature does with the label, in words (which value, on how many rows). */
  why: string;
}

/**
 * Inputs that give a binary label away: a dense feature whose value alone ranks the label
 * almost perfectly (AUC ≥ 0.995 or ≤ 0.005); a categorical one of which every value holds
 * a single label value; or one value that comes only with label 1, on at least 30 rows, 0.2 %
 * of the rows and 2 % of the positives (an add-to-cart or share flag for a click). Such a column is often
 * an outcome of the label (watch time of a click, a status written after a purchase), and
 * training on it gives the AUC of 1.0 that no model keeps in production; but it can as well be
 * a fact known before the label (in Census-Income, a household status that only children
 * have, who are never married), so it is a finding to report, not proof.
 */
export function findLeaks(schema: FittedSchema, data: EncodedData): Leak[] {
  const leaks: Leak[] = [];
  const width = schema.dense.length;
  // A sort of a million rows is most of the check: each dense column is sorted at most once,
  // and only when a histogram of it cannot rule out an AUC at the thresholds (almost never).
  const columns = schema.labels.some((l) => l.type === "binary")
    ? schema.dense.map((_, f) => {
        const x = new Float32Array(data.rows);
        for (let r = 0; r < data.rows; r++) x[r] = data.dense[r * width + f] as number;
        let order: Uint32Array | undefined;
        return { x, order: () => (order ??= ascendingOrder(x)) };
      })
    : [];
  for (const [t, label] of schema.labels.entries()) {
    if (label.type !== "binary") continue;
    const y = data.labels[t] as Float32Array;
    for (const [f, feature] of schema.dense.entries()) {
      const { x, order } = columns[f] as { x: Float32Array; order: () => Uint32Array };
      const bounds = aucBounds(y, x);
      if (bounds && bounds.low > LEAK_LOW && bounds.high < LEAK_HIGH) continue;
      const a = aucOfSortedRun(y, x, undefined, order(), 0, data.rows);
      if (a >= LEAK_HIGH || a <= LEAK_LOW)
        leaks.push({ feature: feature.name, label: label.name, auc: a, why: `alone it ranks "${label.name}" with AUC ${a.toFixed(3)}` });
    }
    let positives = 0;
    for (let r = 0; r < data.rows; r++) positives += y[r] as number;
    for (const [f, feature] of schema.sparse.entries()) {
      const vocabulary = schema.vocabularies[f] ?? null;
      const name = (id: number) => (vocabulary ? JSON.stringify(vocabulary[id - 1] ?? "") : `bucket ${id}`);
      const why = tellsLabel(data.sparse[f] as Int32Array, y, positives, label.name, name);
      if (why) leaks.push({ feature: feature.name, label: label.name, auc: 1, why });
    }
  }
  return leaks;
}

/** Why the categorical column gives the label away, or undefined when it does not. */
function tellsLabel(
  ids: Int32Array,
  y: Float32Array,
  positives: number,
  label: string,
  valueName: (id: number) => string,
): string | undefined {
  // ids are table rows, small integers: counted in arrays, a million rows take milliseconds
  let cardinality = 0;
  for (let r = 0; r < ids.length; r++) cardinality = Math.max(cardinality, (ids[r] as number) + 1);
  const perId = new Float64Array(cardinality);
  const onesPerId = new Float64Array(cardinality);
  // values listed in order of first appearance, as a reader of the file meets them
  const firstSeen: number[] = [];
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r] as number;
    if (perId[id] === 0) firstSeen.push(id);
    perId[id] = (perId[id] as number) + 1;
    onesPerId[id] = (onesPerId[id] as number) + (y[r] as number);
  }
  const rows = new Map(firstSeen.map((id) => [id, perId[id] as number]));
  const ones = new Map(firstSeen.map((id) => [id, onesPerId[id] as number]));
  // only small vocabularies: a column with a value per row (an id) is trivially "pure"
  if (rows.size > 50 || ids.length < 10 * rows.size) return undefined;
  const pure = [...rows].every(([id, n]) => ones.get(id) === 0 || ones.get(id) === n);
  if (pure && rows.size > 1) return `each of its ${rows.size} values comes with a single value of "${label}"`;
  // a value that never comes without the label, on enough rows that chance cannot explain it
  // (a share flag holds ~5 % of the clicks and ~0.5 % of the rows, and is always a click)
  const only = [...rows].filter(([id, n]) => ones.get(id) === n && n >= 30 && n >= 0.002 * ids.length && n >= 0.02 * positives);
  if (only.length === 0) return undefined;
  const shown = only.map(([id, n]) => `${valueName(id)} (${n.toLocaleString("en-US")} rows)`).join(", ");
  return `${only.length === 1 ? "its value" : "its values"} ${shown} only ever come${only.length === 1 ? "s" : ""} with "${label}" = 1`;
}
