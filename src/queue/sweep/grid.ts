import { MtrecError } from "../../errors.js";
import { Rng } from "../../nn/rng.js";

/** One axis of a sweep: a config field and the values it takes. */
export interface GridAxis {
  path: string;
  values: unknown[];
}

/** A point of the grid: a value for every axis, by field path. */
export type GridPoint = Record<string, unknown>;

/** Splits at `sep` outside brackets and quotes, so `[64,32]` and `"a,b"` stay one value. */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && (c === "[" || c === "{")) depth++;
    else if (!quoted && (c === "]" || c === "}")) depth--;
    else if (!quoted && depth === 0 && c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** A value as JSON when it reads as JSON (0.001, 8, true, [64,32]), else as text (mmoe). */
function value(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `--grid "train.lr=0.001,0.003;model.experts=4,8"`: axes separated by `;`, values by `,`. */
export function parseGrid(text: string): GridAxis[] {
  const bad = (why: string) => new MtrecError("BAD_ARGUMENT", `mtrec: --grid "${text}": ${why}`);
  const axes: GridAxis[] = [];
  for (const part of splitTop(text, ";").filter((p) => p.length > 0)) {
    const at = part.indexOf("=");
    if (at <= 0) throw bad(`"${part}" is not field=value,value,...`);
    const path = part.slice(0, at).trim();
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(path)) throw bad(`"${path}" is not a field path like train.lr`);
    if (axes.some((a) => a.path === path)) throw bad(`${path} is given twice`);
    const texts = splitTop(part.slice(at + 1), ",");
    if (texts.some((t) => t.length === 0)) throw bad(`${path} has an empty value`);
    axes.push({ path, values: texts.map(value) });
  }
  if (axes.length === 0) throw bad("no field=values in it");
  return axes;
}

/** Every point of the grid, the first axis varying slowest. */
export function gridPoints(axes: GridAxis[]): GridPoint[] {
  return axes.reduce<GridPoint[]>((points, axis) => points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.path]: v }))), [{}]);
}

/** `k` distinct points of the grid drawn with `seed`, in grid order (random search over the grid's values). */
export function samplePoints(points: GridPoint[], k: number, seed: number): GridPoint[] {
  if (k > points.length)
    throw new MtrecError("BAD_ARGUMENT", `mtrec: --samples ${k}: the grid has only ${points.length} points; give fewer or drop --samples`);
  const rng = new Rng(seed);
  const order = points.map((_, i) => i);
  // a partial Fisher-Yates shuffle: the first k places are a uniform draw without replacement
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(order.length - i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => points[i] as GridPoint);
}

/** `train.lr=0.001 model.experts=4`: how a point is named in tables and errors. */
export function describePoint(point: GridPoint): string {
  return Object.entries(point)
    .map(([path, v]) => `${path}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}
