import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { MtrecError } from "../errors.js";

/**
 * The first line of a JSON-lines file that is not one JSON object, as an error naming it; or
 * undefined when every line is one. DuckDB reads on past a line that ends inside an object and
 * reports the line after it, so a failed read asks this for the line to name.
 */
export async function malformedJsonLine(path: string): Promise<MtrecError | undefined> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (line.trim() === "") continue;
      let problem: string | undefined;
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value !== "object" || value === null || Array.isArray(value))
          problem = `expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`;
      } catch (err) {
        problem = `not valid JSON (${(err as Error).message})`;
      }
      if (problem)
        return new MtrecError(
          "BAD_DATA",
          `mtrec: ${path}, line ${number.toLocaleString("en-US")}: ${problem}. Each line must be one JSON object.`,
        );
    }
  } catch {
    return undefined;
  } finally {
    lines.close();
  }
  return undefined;
}
