import { z } from "zod";
import { MtrecError } from "../errors.js";
import { checkSchema, denseFeature, describeIssue, labelSpec, sparseFeature } from "./schema-config.js";
import type { FittedSchema } from "./types.js";

/*
 * The fitted schema's file format, read without touching a file system: Node reads the files
 * from a directory, a browser fetches them, and both parse and check them here.
 */

export const SCHEMA_FILE = "schema.json";

/** schema.json: the fitted schema without the vocabularies, which are files of their own. */
export const schemaFile = z.strictObject({
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

/** The files of a model directory, by path relative to it ("schema.json", "vocab/item.txt"). */
export interface ModelFileReader {
  /** The file's text; rejects with a MODEL_FILE error naming the file when it cannot be had. */
  text(file: string): Promise<string>;
  /** Where the file is, for messages (a path or a URL). */
  where(file: string): string;
}

/** Reads `schema.json` and the vocabularies it names, checking that the pieces fit together. */
export async function readFittedSchema(files: ModelFileReader): Promise<FittedSchema> {
  const path = files.where(SCHEMA_FILE);
  const raw = await files.text(SCHEMA_FILE);
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
    const vocabulary = parseVocabulary(files.where(file), await files.text(file));
    if (vocabulary.length + 1 !== rows) {
      throw damaged(
        files.where(file),
        `holds ${vocabulary.length} values, but ${SCHEMA_FILE} says the table has ${rows} rows (values + 1); the two files are from different fits`,
      );
    }
    vocabularies.push(vocabulary);
  }
  return { ...fitted, vocabularies };
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

export function damaged(path: string, reason: string): MtrecError {
  return new MtrecError("MODEL_FILE", `mtrec: ${path}: damaged: ${reason}`);
}
