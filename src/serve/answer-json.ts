/*
 * The scoring routes' answers written as JSON text, number by number: a rank answer of 1,000
 * candidates holds ~4,000 numbers, and writing them straight into the text skips the arrays
 * and objects JSON.stringify would need first (garbage on every request) and the 17 digits a
 * float32 score takes as a float64.
 */

const ZERO = 48;
const TRAILING_ZEROS = /\.?0+$/;

/**
 * Nine significant digits read every float32 back exactly; trailing zeros of a fraction add
 * nothing. (The shortest text of each float32 would take up to four conversions a value.)
 */
function float32Text(v: number): string {
  if (!Number.isFinite(v)) return "null";
  const text = v.toPrecision(9);
  const fraction = text.charCodeAt(text.length - 1) === ZERO && text.includes(".") && !text.includes("e");
  return fraction ? text.replace(TRAILING_ZEROS, "") : text;
}

/** JSON's own text of a float64 (its shortest round trip); a non-finite value is null, as JSON.stringify writes it. */
function float64Text(v: number): string {
  return Number.isFinite(v) ? String(v) : "null";
}

function list(values: ArrayLike<number>, order: Int32Array | undefined, text: (v: number) => string): string {
  // one join, not a string grown number by number: a third less garbage (a cons string a number)
  const parts = new Array<string>(order ? order.length : values.length);
  for (let j = 0; j < parts.length; j++) parts[j] = text(values[order ? (order[j] as number) : j] as number);
  return `[${parts.join(",")}]`;
}

/**
 * A task's float32 scores as a JSON array (in `order` when given), each written with digits
 * that read back to the very same float32: a client that stores them as float32 has the model's
 * numbers, and one that reads float64 is within 5e-9 of each, relatively.
 */
export function float32Json(values: Float32Array, order?: Int32Array): string {
  return list(values, order, float32Text);
}

/** Float64 values (fused scores) as a JSON array in `order`, exactly as JSON.stringify writes each. */
export function float64Json(values: Float64Array, order: Int32Array): string {
  return list(values, order, float64Text);
}

/** Candidate indices as a JSON array. */
export function indexJson(order: Int32Array): string {
  return `[${order.join(",")}]`;
}

/** `{"<name>": [scores], ...}` for the named tasks or heads, in `order` when given. */
export function scoresJson(scores: Record<string, Float32Array>, names: readonly string[], order?: Int32Array): string {
  return `{${names.map((name) => `${JSON.stringify(name)}:${float32Json(scores[name] as Float32Array, order)}`).join(",")}}`;
}

/** What `/v1/rank` answers: the best candidates' indices, their scores per task (and head) and fused scores, in that order. */
export interface RankAnswer {
  model: string;
  order: Int32Array;
  scores: Record<string, Float32Array>;
  tasks: readonly string[];
  /** A funnel model's heads (ctr, cvr, ctcvr), answered apart; none for other models. */
  heads: readonly string[];
  /** Every candidate's fused score, in candidate order. */
  fused: Float64Array;
}

export function rankAnswerJson(a: RankAnswer): string {
  const heads = a.heads.length > 0 ? `,"heads":${scoresJson(a.scores, a.heads, a.order)}` : "";
  return `{"model":${JSON.stringify(a.model)},"order":${indexJson(a.order)},"scores":${scoresJson(a.scores, a.tasks, a.order)}${heads},"fused":${float64Json(a.fused, a.order)}}`;
}
