import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { sameFile } from "../data/same-file.js";
import { MtrecError } from "../errors.js";

/**
 * Checks the file a command will write before it does any work: a path that is a directory,
 * or whose directory does not exist, is a bad argument named here, not a write error after
 * the whole file was scored or generated. Nor may it be one of the command's `inputs` (by flag).
 */
export async function checkOutFile(path: string, flag = "--out", inputs: Record<string, string | undefined> = {}): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new MtrecError("BAD_ARGUMENT", `mtrec: ${flag} ${path}: is a directory; name the file to write`);
  if (info) {
    for (const [inputFlag, input] of Object.entries(inputs)) {
      if (input !== undefined && (await sameFile(path, input)))
        throw new MtrecError(
          "BAD_ARGUMENT",
          `mtrec: ${flag} ${path} is the file ${inputFlag} reads: writing it would replace the data; name another file`,
        );
    }
  }
  const dir = dirname(resolve(path));
  const parent = await stat(dir).catch(() => undefined);
  if (!parent?.isDirectory())
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${flag} ${path}: the directory ${dir} does not exist; create it first or name another file`,
    );
}
