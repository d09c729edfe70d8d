import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MtrecError } from "../src/errors.js";

/** Benches read data too large to ship from ../shared/data beside the project (bench/README.md); tests never do. */
export const SHARED_DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

export interface SharedFile {
  /** The path under ../shared/data. */
  path: string;
  /** What the file is, for the help and the error. */
  what: string;
}

/** The absolute path of a shared data file, or a BAD_DATA error naming the bench, the path looked at and what belongs there. */
export function sharedFile(bench: string, file: SharedFile): string {
  const absolute = `${SHARED_DATA}${file.path}`;
  if (!existsSync(absolute))
    throw new MtrecError(
      "BAD_DATA",
      `mtrec bench ${bench}: needs ${file.what} at ../shared/data/${file.path}, beside the project; not found at ${absolute} (see bench/README.md)`,
    );
  return absolute;
}

export const ADULT_DATA: SharedFile = { path: "uci-adult/adult.data", what: "UCI Adult, 32,561 rows" };
