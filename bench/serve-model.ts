import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../src/nn/rng.js";
import { train } from "../src/train/trainer.js";

/** The train bench's MMoE shape: 8 categorical fields (vocabulary 10,000), 8 dense, experts 256-128, towers 64. */
export const FIELDS = 8;
export const DENSE = 8;
const VOCABULARY = 10_000;
const TRAIN_ROWS = 40_000;

export type Candidate = Record<string, number>;

/** Seeded rows of the bench's shape; categorical ids are integers, as Ali-CCP's are. */
export function benchRows(n: number, seed: number): Candidate[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const row: Candidate = {};
    for (let f = 0; f < FIELDS; f++) row[`f${f}`] = rng.int(VOCABULARY);
    for (let d = 0; d < DENSE; d++) row[`d${d}`] = Math.round(rng.normal() * 1e4) / 1e4;
    return row;
  });
}

/** Trains the bench's MMoE (one epoch on generated rows) into a temporary directory; returns the model directory. */
export async function trainBenchModel(): Promise<{ dir: string; model: string }> {
  const dir = await mkdtemp(join(tmpdir(), "mtrec-bench-serve-"));
  const rows = benchRows(TRAIN_ROWS, 1);
  const rng = new Rng(2);
  const columns = [...Array.from({ length: FIELDS }, (_, f) => `f${f}`), ...Array.from({ length: DENSE }, (_, d) => `d${d}`)];
  const lines = rows.map((r) => {
    const click = rng.uniform() < 0.1 + 0.2 * ((r.f0 as number) % 3 === 0 ? 1 : 0) + 0.05 * Math.tanh(r.d0 as number) ? 1 : 0;
    const buy = click && rng.uniform() < 0.3 ? 1 : 0;
    return `${columns.map((c) => r[c]).join(",")},${click},${buy}`;
  });
  const data = join(dir, "train.csv");
  await writeFile(data, `${columns.join(",")},click,buy\n${lines.join("\n")}\n`);
  const model = join(dir, "model");
  await train(
    {
      data: { path: data },
      schema: {
        sparse: Array.from({ length: FIELDS }, (_, f) => ({ name: `f${f}`, encoding: "vocab" as const })),
        dense: Array.from({ length: DENSE }, (_, d) => ({ name: `d${d}` })),
        labels: [
          { name: "click", type: "binary" },
          { name: "buy", type: "binary" },
        ],
      },
      model: { type: "mmoe", experts: 4, expertHidden: [256, 128], towerHidden: [64] },
      train: { epochs: 1, seed: 3 },
    },
    { out: model, progress: false, log: () => {} },
  );
  return { dir, model };
}

/** The candidates as columns: one array per field. */
export function asColumns(rows: Candidate[]): Record<string, number[]> {
  const names = Object.keys(rows[0] ?? {});
  return Object.fromEntries(names.map((c) => [c, rows.map((r) => r[c] as number)]));
}

const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));

/**
 * Starts `mtrec serve` in a process of its own on 127.0.0.1 (one ONNX Runtime thread), so the
 * load generator does not share the server's event loop; resolves once it listens.
 */
export function startServe(model: string, flags: string[], cli = CLI): Promise<{ child: ChildProcess; url: string }> {
  const args = [cli, "serve", "--model", model, "--host", "127.0.0.1", "--port", "0", "--threads", "1", ...flags];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on("exit", (code) => reject(new Error(`${cli} serve exited with ${code}`)));
  });
}

/** Stops a server `startServe` started, the way an orchestrator would (SIGTERM), and waits for it. */
export async function stopServe(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
