import type { CodedText } from "./coded-text.js";

/** A column of a chunk: numbers (NaN where missing) or text (null where missing). */
export type RawColumn = Float64Array | (string | null)[];

export interface RawChunk {
  /** 0-based index of the chunk's first data row in the file. */
  offset: number;
  rows: number;
  columns: Record<string, RawColumn>;
}

/** A column as the fit and the encoder take it: raw, or text coded by the file reader. */
export type ReadColumn = RawColumn | CodedText;

/** A chunk whose text columns may come coded (see `streamCoded`). */
export interface ReadChunk {
  offset: number;
  rows: number;
  columns: Record<string, ReadColumn>;
}

/**
 * What the encoder needs to know of where its columns come from: a name for messages, the
 * columns there are, and how a user finds a row. An opened file is one; so are columns in
 * memory (a request's candidates), which is why this lives apart from the file reader.
 */
export interface ColumnSource {
  readonly path: string;
  readonly columns: readonly { readonly name: string }[];
  /** Where the 0-based data row `row` is, as a user finds it ("line 12", "row 3"). */
  where(row: number): string;
}
