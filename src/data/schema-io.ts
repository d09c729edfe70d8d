import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { MtrecError } from "../errors.js";
import { writeFileAtomic } from "../nn/atomic-write.js";
import { readFittedSchema, SCHEMA_FILE, type schemaFile } from "./schema-file.js";
import type { FittedSchema } from "./types.js";

export { schemaConfig } from "./schema-config.js";
export { SCHEMA_FILE };

/**
 * Writes `dir/schema.json` (pretty JSON) and one `dir/vocab/<feature>.txt` per vocabulary:
 * one value per line as a JSON string, so values holding newlines, quotes or nothing at all
 * survive and the file still reads as a list. Every file is replaced atomically.
 */
export async function saveFittedSchema(dir: string, fitted: FittedSchema): Promise<void> {
  await mkdir(join(dir, "vocab"), { recursive: true });
  const files = vocabularyFileNames(fitted);
  for (const [i, file] of files.entries()) {
    const vocabulary = fitted.vocabularies[i];
    if (file === null || !vocabulary) continue;
    await writeFileAtomic(join(dir, file), vocabulary.map((v) => `${JSON.stringify(v)}\n`).join(""));
  }
  const saved: z.input<typeof schemaFile> = {
    format: "mtrec-fitted-schema",
    version: 1,
    sparse: fitted.sparse,
    dense: fitted.dense,
    labels: fitted.labels,
    ...(fitted.group ? { group: fitted.group } : {}),
    vocabularyFiles: files,
    cardinalities: fitted.cardinalities,
    denseStats: fitted.denseStats,
    rows: fitted.rows,
  };
  // written last: a crash part-way leaves the previous schema.json, whose sizes loading checks
  await writeFileAtomic(join(dir, SCHEMA_FILE), `${JSON.stringify(saved, null, 2)}\n`);
}

/** Reads what {@link saveFittedSchema} wrote, checking that the pieces fit together. */
export async function loadFittedSchema(dir: string): Promise<FittedSchema> {
  return readFittedSchema({ text: (file) => readText(join(dir, file)), where: (file) => join(dir, file) });
}

/** vocab/<name>.txt, the name spelled safely for every file system. */
function vocabularyFileNames(fitted: FittedSchema): (string | null)[] {
  const taken = new Set<string>();
  return fitted.sparse.map((f, i) => {
    if (f.encoding !== "vocab") return null;
    let file = f.name.replace(/[^A-Za-z0-9._-]/g, (c) =>
      encodeURIComponent(c).replace(/[!'()*~]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
    );
    // "Item" and "item" are one file on macOS and Windows
    if (taken.has(file.toLowerCase())) file = `${file}.${i}`;
    taken.add(file.toLowerCase());
    return `vocab/${file}.txt`;
  });
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    throw new MtrecError(
      "MODEL_FILE",
      `mtrec: ${path}: ${missing ? "missing; the model directory is incomplete" : `cannot be read (${(err as Error).message})`}`,
      { cause: err },
    );
  }
}
