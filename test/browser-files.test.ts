import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { browserFiles } from "../src/browser/model-files.js";
import { parseBrowserConfig } from "../src/browser/saved-config.js";
import { fitSchema } from "../src/data/fit.js";
import { readFittedSchema } from "../src/data/schema-file.js";
import { loadFittedSchema, saveFittedSchema } from "../src/data/schema-io.js";

async function savedSchema(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-browser-files-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "train.csv");
  await writeFile(path, 'city,item,price,click\nParis,i1,10,1\n"Lyon, FR",i2,,0\nParis,i3,20,0\n');
  const fitted = await fitSchema(
    { path },
    {
      sparse: [
        { name: "city", encoding: "vocab" },
        { name: "item", encoding: "hash", buckets: 5 },
      ],
      dense: [{ name: "price" }],
      labels: [{ name: "click", type: "binary" }],
    },
  );
  await saveFittedSchema(dir, fitted);
  return dir;
}

test("a model's schema given as buffers reads as Node reads it from the directory", async (t) => {
  const dir = await savedSchema(t);
  const files = {
    "schema.json": await readFile(join(dir, "schema.json")),
    "vocab/city.txt": await readFile(join(dir, "vocab/city.txt"), "utf8"),
  };
  assert.deepEqual(await readFittedSchema(browserFiles({ files })), await loadFittedSchema(dir));
});

test("a model's schema fetched from a URL reads as Node reads it, each file fetched relative to the directory's URL", async (t) => {
  const dir = await savedSchema(t);
  const asked: string[] = [];
  const fetch = async (url: string) => {
    asked.push(url);
    const body = await readFile(join(dir, url.replace("https://cdn.example/m/", "")));
    return {
      ok: true,
      status: 200,
      statusText: "OK",
      text: async () => body.toString("utf8"),
      arrayBuffer: async () => new Uint8Array(body).buffer,
    };
  };
  const fitted = await readFittedSchema(browserFiles({ baseUrl: "https://cdn.example/m", fetch }));
  assert.deepEqual(fitted, await loadFittedSchema(dir));
  assert.deepEqual(asked, ["https://cdn.example/m/schema.json", "https://cdn.example/m/vocab/city.txt"]);
});

test("a file the server does not have is named with its URL and status", async () => {
  const fetch = async () => ({
    ok: false,
    status: 404,
    statusText: "Not Found",
    text: async () => "",
    arrayBuffer: async () => new ArrayBuffer(0),
  });
  await assert.rejects(readFittedSchema(browserFiles({ baseUrl: "https://cdn.example/m/", fetch })), {
    code: "MODEL_FILE",
    message: "mtrec: https://cdn.example/m/schema.json: 404 Not Found; the model directory is incomplete",
  });
});

test("a file missing from the given buffers is named, with the files there are", async () => {
  await assert.rejects(browserFiles({ files: { "schema.json": "{}" } }).bytes("model.onnx"), {
    code: "MODEL_FILE",
    message: "mtrec: model.onnx: missing from the files given; the model directory is incomplete (given: schema.json)",
  });
});

test("config.json without its tasks is refused as damaged, naming the field", () => {
  assert.throws(
    () => parseBrowserConfig("m/config.json", JSON.stringify({ mtrec: "0.1.0", tasks: [{ name: "click", type: "ordinal" }] })),
    {
      code: "MODEL_FILE",
      message: /^mtrec: m\/config\.json: damaged: tasks\.0\.type: /,
    },
  );
});
