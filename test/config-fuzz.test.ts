import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { MtrecError } from "../src/errors.js";
import { MODEL_TYPES } from "../src/models/registry.js";
import { loadTrainConfig, parseTrainConfig } from "../src/train/config.js";
import { WEIGHTING_TYPES } from "../src/weighting/registry.js";
import { FUZZ, namedOrValue } from "./helpers/fuzz.js";

const PREFIX = "mtrec: config: ";
const parse = (raw: unknown) => namedOrValue(() => parseTrainConfig(raw), "BAD_CONFIG", PREFIX);

const text = fc.string({ unit: "binary", minLength: 1, maxLength: 8 });
const fraction = fc.double({ min: 0.001, max: 0.999, noNaN: true });

/** The fields every config may carry: each optional or given a value in its range. */
const commonFields = fc.record(
  {
    data: fc.record({ path: text, format: fc.constantFrom("csv", "tsv", "parquet", "jsonl") }, { requiredKeys: ["path"] }),
    validFraction: fraction,
    group: fc.string({ maxLength: 6 }),
    model: fc.constantFrom(...MODEL_TYPES).map((type) => ({ type })),
    embedding: fc.record({ dim: fc.integer({ min: 1, max: 64 }), l2: fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }) }),
    lossWeights: fc.dictionary(text, fc.double({ min: 0, max: 10, noNaN: true })),
    lossWeighting: fc.constantFrom(...WEIGHTING_TYPES).map((type) => ({ type })),
    train: fc.record(
      {
        epochs: fc.integer({ min: 1, max: 100 }),
        batchSize: fc.integer({ min: 1, max: 1 << 16 }),
        lr: fc.double({ min: 1e-6, max: 1, noNaN: true }),
        seed: fc.nat(),
        threads: fc.integer({ min: 1, max: 64 }),
        ema: fraction,
        stream: fc.constantFrom("auto", "always", "never"),
        earlyStopping: fc.record({ task: text, patience: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** A schema given in full, or labels to infer one from (with the fields that shape it): never both, which would leave some unread. */
const schemaOrLabels = fc.oneof(
  fc.record({
    schema: fc.record(
      {
        sparse: fc.array(
          fc.oneof(
            fc.record(
              { name: text, encoding: fc.constant("vocab" as const), minCount: fc.integer({ min: 1, max: 9 }) },
              { requiredKeys: ["name", "encoding"] },
            ),
            fc.record(
              { name: text, column: text, encoding: fc.constant("hash" as const), buckets: fc.integer({ min: 1, max: 1e6 }) },
              { requiredKeys: ["name", "encoding", "buckets"] },
            ),
          ),
          { maxLength: 3 },
        ),
        dense: fc.array(fc.record({ name: text, column: text }, { requiredKeys: ["name"] }), { maxLength: 3 }),
        labels: fc.array(
          fc.record(
            { name: text, type: fc.constantFrom("binary" as const, "regression" as const), positive: fc.oneof(text, fc.integer()) },
            { requiredKeys: ["name", "type"] },
          ),
          { minLength: 1, maxLength: 3 },
        ),
        group: fc.record({ column: text }),
      },
      { requiredKeys: ["labels"] },
    ),
  }),
  fc.record(
    {
      labels: fc.uniqueArray(text, { minLength: 1, maxLength: 3 }),
      exclude: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
      positive: fc.dictionary(text, fc.oneof(fc.string({ maxLength: 4 }), fc.integer())),
    },
    { requiredKeys: ["labels"] },
  ),
);

/** Configs the validator must accept. */
const validConfig = fc.tuple(commonFields, schemaOrLabels).map(([common, shape]) => ({ ...common, ...shape }));

test("every valid config parses, keeps each value given, and its parsed form written as JSON parses back to itself", () => {
  fc.assert(
    fc.property(validConfig, (raw) => {
      const config = parseTrainConfig(raw);
      if ("labels" in raw) assert.deepEqual(config.labels, raw.labels);
      else assert.equal(config.schema?.labels.length, raw.schema.labels.length);
      assert.equal(config.model.type, raw.model?.type ?? "mmoe");
      assert.equal(config.lossWeighting.type, raw.lossWeighting?.type ?? "static");
      const { earlyStopping, ...scalars } = raw.train ?? {};
      for (const [key, value] of Object.entries(scalars)) assert.equal(config.train[key as keyof typeof scalars], value, key);
      for (const [key, value] of Object.entries(earlyStopping ?? {}))
        assert.equal(config.train.earlyStopping[key as keyof NonNullable<typeof earlyStopping>], value, `earlyStopping.${key}`);
      assert.deepEqual(parseTrainConfig(JSON.parse(JSON.stringify(config))), config);
    }),
    FUZZ,
  );
});

test("any JSON value parses as a config or fails with BAD_CONFIG naming the config, never a crash", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (raw) => {
      parse(raw);
    }),
    FUZZ,
  );
});

/** The path of one field of `value`, chosen by `pick`, or [] for the value itself. */
function pathIn(value: unknown, pick: number[]): string[] {
  const path: string[] = [];
  let at = value;
  for (const p of pick) {
    if (typeof at !== "object" || at === null) break;
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = keys[p % keys.length] as string;
    path.push(key);
    at = (at as Record<string, unknown>)[key];
  }
  return path;
}

function replaced(value: unknown, path: string[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [key, ...rest] = path as [string, ...string[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[key] = replaced((value as Record<string, unknown>)[key], rest, by);
  return copy;
}

test("a valid config with one field replaced by any value (NaN and infinities too) parses or fails naming that field", () => {
  const odd = fc.oneof(fc.jsonValue(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 0.5, 2 ** 60, "", [], {}, null));
  fc.assert(
    fc.property(validConfig, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), odd, (raw, pick, by) => {
      const path = pathIn(raw, pick);
      const r = parse(replaced(raw, path, by));
      if ("error" in r) {
        const top = path[0] as string;
        const named = r.error.message.includes(top) || ((top === "labels" || top === "schema") && /give "schema"/.test(r.error.message));
        assert.ok(named, `${path.join(".")} replaced by ${JSON.stringify(by)}: ${r.error.message}`);
      }
    }),
    FUZZ,
  );
});

test("a config file of any text loads or fails with BAD_CONFIG naming the file", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-config-fuzz-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "config.json");
  const content = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );
  await fc.assert(
    fc.asyncProperty(content, async (body) => {
      await writeFile(path, body);
      try {
        await loadTrainConfig(path);
      } catch (e) {
        assert.ok(e instanceof MtrecError, String(e));
        assert.equal(e.code, "BAD_CONFIG", e.message);
        assert.ok(e.message.startsWith(`mtrec: ${path}: `), e.message);
      }
    }),
    { ...FUZZ, numRuns: 100 },
  );
});
