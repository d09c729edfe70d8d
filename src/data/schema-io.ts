import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { MtrecError } from "../errors.js";
import { writeFileAtomic } from "../nn/atomic-write.js";
import { checkSchema, denseFeature, describeIssue, labelSpec, sparseFeature } from "./schema-config.js";
import type { FittedSchema } from "./types.js";

export { schemaConfig } from "./schema-config.js";

export const SCHEMA_FILE = "schema.json";

/** schema.json: the fitted schema without the vocabularies, which are files of their own. */
const schemaFile = z.strictObject({
  format: z.literal("mtrec-fitted-schema"),
  version: z.literal(1),
  sparse: z.array(sparseFeature),
  dense: z.array(denseFeature),
  labels: z.array(labelSpec),
  group: z.strictObject({ column: z.string().min(1) }).optional(),
  /** Per sparse feature, the vocabulary file relative to the directory, or null for hashing. */
  vocabularyFiles: z.array(
    z
      .string()
      .regex(/^vocab\/[^/\\]+\.txt$/)
      .nullable(),
  ),
  cardinalities: z.array(z.number().int().min(1)),
  denseStats: z.array(z.strictObject({ mean: z.number(), std: z.number().positive(), missing: z.number().int().min(0) })),
  rows: z.number().int().min(0),
});

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
  const path = join(dir, SCHEMA_FILE);
  const raw = await readText(path);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw damaged(path, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = schemaFile.safeParse(json);
  if (!parsed.success) throw damaged(path, describeIssue(parsed.error.issues[0]));
  const saved = parsed.data;
  const { format: _format, version: _version, vocabularyFiles, ...fitted } = saved;
  try {
    checkSchema({ sparse: fitted.sparse, dense: fitted.dense, labels: fitted.labels, group: fitted.group }, path);
  } catch (err) {
    throw damaged(path, (err as Error).message.replace(`mtrec: ${path}: `, ""));
  }
  if (vocabularyFiles.length !== fitted.sparse.length || fitted.cardinalities.length !== fitted.sparse.length) {
    throw damaged(
      path,
      `${fitted.sparse.length} sparse features but ${vocabularyFiles.length} vocabulary files and ${fitted.cardinalities.length} cardinalities`,
    );
  }
  if (fitted.denseStats.length !== fitted.dense.length)
    throw damaged(path, `${fitted.dense.length} dense features but ${fitted.denseStats.length} denseStats`);
  const vocabularies: (string[] | null)[] = [];
  for (const [i, feature] of fitted.sparse.entries()) {
    const file = vocabularyFiles[i];
    const rows = fitted.cardinalities[i] as number;
    if (feature.encoding === "hash") {
      if (rows !== feature.buckets)
        throw damaged(path, `sparse feature "${feature.name}" hashes into ${feature.buckets} buckets but its cardinality is ${rows}`);
      vocabularies.push(null);
      continue;
    }
    if (!file) throw damaged(path, `sparse feature "${feature.name}" has a vocabulary but no vocabulary file`);
    const vocabulary = parseVocabulary(join(dir, file), await readText(join(dir, file)));
    if (vocabulary.length + 1 !== rows) {
      throw damaged(
        join(dir, file),
        `holds ${vocabulary.length} values, but ${SCHEMA_FILE} says the table has ${rows} rows (values + 1); the two files are from different fits`,
      );
    }
    vocabularies.push(vocabulary);
  }
  return { ...fitted, vocabularies };
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

function parseVocabulary(path: string, text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (typeof value !== "string") throw damaged(path, `line ${i + 1} is not a JSON string: ${line.slice(0, 80)}`);
    return value;
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

function damaged(path: string, reason: string): MtrecError {
  return new MtrecError("MODEL_FILE", `mtrec: ${path}: damaged: ${reason}`);
}
