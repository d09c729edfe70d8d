import type { ModelFileReader } from "../data/schema-file.js";
import { MtrecError } from "../errors.js";

/** Where a page finds a model directory's files: a URL to fetch them from, or the files themselves. */
export type BrowserModelSource =
  | {
      /** The directory's URL ("https://cdn.example/models/escm2/"); files are fetched relative to it. */
      baseUrl: string | URL;
      /** Defaults to the global `fetch`. */
      fetch?: (
        url: string,
      ) => Promise<{ ok: boolean; status: number; statusText: string; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;
    }
  | {
      /** By path in the directory: "config.json", "schema.json", "vocab/item_id.txt", "model.onnx". */
      files: Readonly<Record<string, ArrayBuffer | ArrayBufferView | string>>;
    };

/** A model directory's files read as text or bytes. */
export interface BrowserFiles extends ModelFileReader {
  bytes(file: string): Promise<Uint8Array>;
}

export function browserFiles(source: BrowserModelSource): BrowserFiles {
  return "files" in source ? fromMap(source.files) : fromUrl(source);
}

function fromUrl(source: Extract<BrowserModelSource, { baseUrl: unknown }>): BrowserFiles {
  const text = String(source.baseUrl);
  // "models/m" and "models/m/" name the same directory; URL resolution would drop the last part of the first
  const base = text.endsWith("/") ? text : `${text}/`;
  const where = (file: string) => (/^[a-z][a-z0-9+.-]*:/i.test(base) ? new URL(file, base).href : `${base}${file}`);
  const get = async (file: string) => {
    const doFetch = source.fetch ?? globalThis.fetch;
    let response: Awaited<ReturnType<NonNullable<typeof source.fetch>>>;
    try {
      response = await doFetch(where(file));
    } catch (err) {
      throw new MtrecError("MODEL_FILE", `mtrec: ${where(file)}: cannot be fetched (${(err as Error).message})`, { cause: err });
    }
    if (!response.ok)
      throw new MtrecError(
        "MODEL_FILE",
        `mtrec: ${where(file)}: ${response.status} ${response.statusText}${response.status === 404 ? "; the model directory is incomplete" : ""}`,
      );
    return response;
  };
  return {
    where,
    text: async (file) => (await get(file)).text(),
    bytes: async (file) => new Uint8Array(await (await get(file)).arrayBuffer()),
  };
}

function fromMap(files: Readonly<Record<string, ArrayBuffer | ArrayBufferView | string>>): BrowserFiles {
  const get = (file: string) => {
    const value = files[file];
    if (value === undefined)
      throw new MtrecError(
        "MODEL_FILE",
        `mtrec: ${file}: missing from the files given; the model directory is incomplete (given: ${Object.keys(files).join(", ") || "none"})`,
      );
    return value;
  };
  return {
    where: (file) => file,
    text: async (file) => {
      const value = get(file);
      return typeof value === "string" ? value : new TextDecoder("utf-8", { fatal: false }).decode(value);
    },
    bytes: async (file) => {
      const value = get(file);
      if (typeof value === "string")
        throw new MtrecError("MODEL_FILE", `mtrec: ${file}: given as text; a model graph is bytes (an ArrayBuffer)`);
      return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    },
  };
}
