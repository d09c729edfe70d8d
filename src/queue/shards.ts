import { readdir, stat } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { MtrecError } from "../errors.js";

/** `*` and `?` in a file name as a regular expression. */
function namePattern(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", "[^/]*")
    .replaceAll("?", "[^/]");
  return new RegExp(`^${body}$`);
}

/**
 * The files a pattern names (`logs/*.parquet`: wildcards in the file name, not in directories),
 * sorted, as absolute paths; none is a bad argument naming the pattern.
 */
export async function expandShards(pattern: string): Promise<string[]> {
  const dir = resolve(dirname(pattern));
  const name = basename(pattern);
  if (/[*?]/.test(dir))
    throw new MtrecError("BAD_ARGUMENT", `mtrec: --data ${pattern}: wildcards go in the file name only (logs/*.parquet)`);
  if (!/[*?]/.test(name)) return [resolve(pattern)];
  const entries = await readdir(dir).catch((e: Error) => {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: --data ${pattern}: cannot read the directory ${dir} (${e.message})`);
  });
  const match = namePattern(name);
  const files: string[] = [];
  for (const entry of entries.filter((e) => match.test(e)).sort()) {
    if ((await stat(join(dir, entry))).isFile()) files.push(join(dir, entry));
  }
  if (files.length === 0) throw new MtrecError("BAD_ARGUMENT", `mtrec: --data ${pattern}: no file matches`);
  return files;
}

/** Each input's output in `outDir`: its name with `.csv` for its extension. Two inputs that would share one are refused. */
export function shardOutputs(inputs: string[], outDir: string): string[] {
  const outputs = inputs.map((f) => join(resolve(outDir), `${basename(f, extname(f))}.csv`));
  const seen = new Map<string, string>();
  for (const [i, out] of outputs.entries()) {
    const other = seen.get(out);
    if (other)
      throw new MtrecError("BAD_ARGUMENT", `mtrec: --data: ${other} and ${inputs[i]} would both be scored into ${out}; rename one`);
    seen.set(out, inputs[i] as string);
  }
  return outputs;
}
