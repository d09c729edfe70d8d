import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSynthFunnelCsv } from "../../src/data/synth/funnel.js";
import { Rng } from "../../src/nn/rng.js";
import { train } from "../../src/train/trainer.js";

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** The columns of the small served model: categories given as integers, as decimals and as text; two dense inputs. */
export const SERVED_COLUMNS = ["store", "price_tier", "item", "price", "age", "click", "purchase"] as const;

/**
 * Seeded rows for the served model. `store` holds integers and `price_tier` decimals: in a CSV
 * both read as categories through their text, which a JSON number must reproduce; `age` is
 * sometimes missing, so the training mean stands in for it.
 */
export function servedRows(n: number, seed: number, opts: { unseen?: boolean } = {}): Row[] {
  const rng = new Rng(seed);
  const tiers = [0.5, 1.25, 2.75, 10.5];
  const items = ["apple", "pear", "plum", "fig", "kiwi", "lime"];
  return Array.from({ length: n }, (_, i) => {
    const store = rng.int(12) + 1;
    const tier = tiers[rng.int(tiers.length)] as number;
    const item = opts.unseen && i % 5 === 0 ? "durian" : (items[rng.int(items.length)] as string);
    const price = Math.round((tier * 10 + rng.normal()) * 1000) / 1000;
    const age = rng.uniform() < 0.1 ? null : 18 + rng.int(50);
    const click = rng.uniform() < 0.2 + (store % 3) * 0.1 + (item === "fig" ? 0.2 : 0) ? 1 : 0;
    const purchase = click && rng.uniform() < 0.3 + tier / 30 ? 1 : 0;
    return { store, price_tier: tier, item, price, age, click, purchase };
  });
}

export function toCsv(rows: Row[], columns: readonly string[]): string {
  return `${columns.join(",")}\n${rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))).join(",")).join("\n")}\n`;
}

/** The input fields of a row (labels left out), as a client would send it. */
export function requestRow(row: Row): Row {
  const { click: _click, purchase: _purchase, ...inputs } = row;
  return inputs;
}

export interface TrainedFixture {
  dir: string;
  model: string;
  cleanup: () => Promise<void>;
}

/** Trains the small served model (MMoE, one epoch, seeded) into a temporary directory. */
export async function trainServedModel(): Promise<TrainedFixture> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-serve-"));
  const data = join(dir, "train.csv");
  await writeFile(data, toCsv(servedRows(600, 1), SERVED_COLUMNS));
  const model = join(dir, "model");
  await train(
    {
      data: { path: data },
      schema: {
        sparse: [
          { name: "store", encoding: "vocab" },
          { name: "price_tier", encoding: "vocab" },
          { name: "item", encoding: "vocab" },
          { name: "item_hashed", column: "item", encoding: "hash", buckets: 16 },
        ],
        dense: [{ name: "price" }, { name: "age" }],
        labels: [
          { name: "click", type: "binary" },
          { name: "purchase", type: "binary" },
        ],
      },
      model: { type: "mmoe", experts: 2, expertHidden: [8], towerHidden: [4] },
      train: { epochs: 2, threads: 1, seed: 3 },
    },
    { out: model, progress: false, log: () => {} },
  );
  return { dir, model, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Trains a funnel model (ESMM) on the funnel simulator's data: it scores heads (ctr, cvr, ctcvr) beside its tasks. */
export async function trainFunnelModel(): Promise<TrainedFixture> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-serve-funnel-"));
  const data = join(dir, "funnel.csv");
  await writeSynthFunnelCsv(data, { rows: 2_000, seed: 4 });
  const model = join(dir, "model");
  await train(
    {
      data: { path: data },
      schema: {
        sparse: ["user_segment", "item_id", "item_category", "price_bucket"].map((name) => ({ name, encoding: "vocab" as const })),
        labels: [
          { name: "click", type: "binary" },
          { name: "purchase", type: "binary" },
        ],
      },
      model: { type: "esmm", towerHidden: [4] },
      train: { epochs: 1, threads: 1, seed: 5 },
    },
    { out: model, progress: false, log: () => {} },
  );
  return { dir, model, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Trains the model in `model` again with another seed, in place: what a reload then picks up. */
export async function retrain(model: string, seed: number): Promise<void> {
  const saved = JSON.parse(await readFile(join(model, "config.json"), "utf8")) as { config: { train: Record<string, unknown> } };
  await train({ ...saved.config, train: { ...saved.config.train, seed } } as never, {
    out: model,
    overwrite: true,
    progress: false,
    log: () => {},
  });
}
