import { MtrecError } from "../errors.js";
import { isCoded, type PerCode } from "./coded-text.js";
import type { ColumnSource, RawColumn, ReadColumn } from "./raw-column.js";
import type { LabelSpec } from "./types.js";

/** Locates a cell for an error message. */
export interface CellPlace {
  opened: ColumnSource;
  column: string;
  /** 0-based data row of the chunk's first row. */
  offset: number;
}

export function cellError(place: CellPlace, i: number, message: string): MtrecError {
  return new MtrecError(
    "BAD_DATA",
    `mtrec: ${place.opened.path}, ${place.opened.where(place.offset + i)}, column "${place.column}": ${message}`,
  );
}

/** Reads one cell as a number (a dense value, a label), throwing an error that names it. */
export type CellReader = (column: RawColumn, i: number, place: CellPlace) => number;

/**
 * `read` of each of the first `rows` cells of a column. Coded text is read once per distinct
 * value (`perCode` remembers it), on a one-cell column placed at the row where the value first
 * occurs: the same numbers, and the same error at the same row, as reading every cell.
 */
export function readCells(column: ReadColumn, rows: number, place: CellPlace, read: CellReader, perCode: PerCode): Float64Array {
  if (isCoded(column)) return perCode.rows(column, rows, (text, i) => read([text], 0, { ...place, offset: place.offset + i }));
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = read(column, i, place);
  return out;
}

/** A categorical value as text. Missing is the empty string: a category of its own, since absence often says something. */
export function textAt(column: RawColumn, i: number): string {
  const v = column[i];
  return typeof v === "number" ? (Number.isNaN(v) ? "" : String(v)) : (v ?? "");
}

/** A dense value, NaN when missing (empty, or a literal NaN). */
export function denseAt(column: RawColumn, i: number, place: CellPlace): number {
  const v = column instanceof Float64Array ? column[i] : parseNumber(column[i]);
  if (v === undefined)
    throw cellError(
      place,
      i,
      `expected a number, got ${JSON.stringify(column[i])}; a dense feature needs numbers (it would be NaN where a number is required). Leave the cell empty to mark it missing, or make the column a sparse feature.`,
    );
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) throw cellError(place, i, `expected a finite number, got ${v}`);
  return v as number;
}

/** Reads one task's label: 0/1 for binary tasks, the number for regression. */
export type LabelReader = CellReader;

export function labelReader(spec: LabelSpec): LabelReader {
  const positive = spec.positive;
  if (spec.type === "regression") {
    return (column, i, place) => {
      const v = column instanceof Float64Array ? column[i] : parseNumber(column[i]);
      if (v === undefined)
        throw cellError(
          place,
          i,
          `expected a number, got ${JSON.stringify(column[i])}; a regression label must be numeric (it would be NaN where a number is required).`,
        );
      if (Number.isNaN(v)) throw missingLabel(place, i);
      if (!Number.isFinite(v)) throw cellError(place, i, `expected a finite number, got ${v}`);
      return v as number;
    };
  }
  if (positive !== undefined) {
    const positiveText = String(positive);
    const positiveNumber = typeof positive === "number" ? positive : parseNumber(positive);
    return (column, i, place) => {
      const v = column[i];
      if (v === null || (typeof v === "number" && Number.isNaN(v))) throw missingLabel(place, i);
      return (typeof v === "number" ? v === positiveNumber : v === positiveText) ? 1 : 0;
    };
  }
  return (column, i, place) => {
    const raw = column[i];
    const v = typeof raw === "number" ? raw : parseNumber(raw);
    if (v !== undefined && Number.isNaN(v)) throw missingLabel(place, i);
    if (v === 0 || v === 1) return v;
    const shown = typeof raw === "number" ? String(raw) : JSON.stringify(raw);
    throw cellError(
      place,
      i,
      // not "map it with positive": a stray 2 among 0s and 1s mapped so would turn every real 1 into 0
      `expected 0 or 1, got ${shown}. Fix that row; or, if the file writes its labels as text (yes/no), give the value that means 1 when training: --positive <task>=<value> on the command line, "positive" in a config (every other value then becomes 0).`,
    );
  };
}

function missingLabel(place: CellPlace, i: number): MtrecError {
  return cellError(place, i, "the label is missing; every row needs a value for every task's label. Drop the row or fill it in.");
}

/** Text to number: NaN for missing, undefined for text that is not a number. */
function parseNumber(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || text === "" || text === "NaN" || text === "nan") return Number.NaN;
  const v = Number(text);
  // Number() reads whitespace as 0; a number starts with a digit, a point or a sign
  return Number.isNaN(v) || !/^\s*[+-]?(\d|\.\d|Infinity)/.test(text) ? undefined : v;
}
