import { availableParallelism } from "node:os";
import { MtrecError } from "../src/errors.js";
import type { BenchResult } from "./result.js";
import { ADULT_DATA, type SharedFile, sharedFile } from "./shared-data.js";

/** Each bench's module loads when it runs: one bench's process holds no other bench's imports (ONNX Runtime, DuckDB, Fastify, BullMQ), which its peak memory would count. */
interface Bench {
  run: (threads: number[]) => Promise<BenchResult>;
  about: string;
  /** Files read from ../shared/data: checked before the bench starts. */
  needs?: SharedFile[];
}

const benches: Record<string, Bench> = {
  "mlp-step": { run: async (t) => (await import("./mlp-step.js")).mlpStep(t), about: "one training step of an MLP, mtrec vs PyTorch" },
  "dense-update": {
    run: async (t) => (await import("./dense-update.js")).denseUpdate(t),
    about: "Adam in TypeScript vs Adam inside the step graph",
  },
  train: { run: async (t) => (await import("./train.js")).train(t), about: "training a multi-task model (--model NAME), mtrec vs PyTorch" },
  precision: {
    run: async (t) => (await import("./precision.js")).precision(t),
    about: "the train bench's largest matrix products in float16 and bfloat16 against float32, in ONNX Runtime",
  },
  data: {
    run: async (t) => (await import("./data.js")).data(t),
    about: "reading 1M funnel rows (CSV, Parquet): each phase's rows/s against one training epoch",
  },
  "mmoe-synthetic": {
    run: async (t) => (await import("./mmoe-synthetic.js")).mmoeSynthetic(t),
    about: "the MMoE paper's synthetic tasks as their correlation falls",
  },
  parity: {
    run: async (t) => (await import("./parity.js")).parity(t),
    about: "the MMoE paper's models under the same training rules as PyTorch: validation MSE against PyTorch's",
  },
  adult: {
    run: async (t) => (await import("./adult.js")).adult(t),
    about: "the MMoE paper's census experiment on UCI Adult",
    needs: [ADULT_DATA],
  },
  funnel: {
    run: async (t) => (await import("./funnel.js")).funnel(t),
    about: "the click → conversion models on a simulated biased funnel",
  },
  fusion: {
    run: async (t) => (await import("./fusion.js")).fusion(t),
    about: "fusion weight tuning offline and in the simulated online loop",
  },
  weighting: { run: async (t) => (await import("./weighting.js")).weighting(t), about: "loss weighting strategies on two funnel tasks" },
  causal: { run: async () => (await import("./causal.js")).causal(), about: "treatment-effect estimators on synthetic confounded data" },
  "serve-load": {
    run: async () => (await import("./serve-load.js")).serveLoad(),
    about: "mtrec serve under 60 s of concurrency 64, then with a reload every 5 s: 5xx, dropped connections, memory",
  },
  serve: {
    run: async () => (await import("./serve.js")).serveBench(),
    about: "mtrec serve: /v1/rank of 1,000 candidates over loopback HTTP vs raw session.run",
  },
  queue: {
    run: async () => (await import("./queue.js")).queueBench(),
    about: "compare of 3 architectures × 4 seeds as queued jobs: one worker vs two, and the queue's overhead per job",
  },
};

function help(): string {
  const width = Math.max(...Object.keys(benches).map((n) => n.length));
  const lines = Object.entries(benches).map(([name, b]) => {
    const needs = b.needs?.map((f) => `; reads ../shared/data/${f.path} (${f.what}; not shipped with the repository)`).join("") ?? "";
    return `  ${name.padEnd(width)}  ${b.about}${needs}`;
  });
  return ["usage: npm run bench -- NAME [--json]", "", ...lines, "", "See bench/README.md for what each prints."].join("\n");
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(help());
    return;
  }
  const name = args.find((a) => !a.startsWith("--"));
  const bench = name && Object.hasOwn(benches, name) ? benches[name] : undefined;
  if (!name || !bench) throw new MtrecError("BAD_ARGUMENT", `mtrec bench: name one of the benches (got ${name ?? "nothing"})\n${help()}`);
  for (const file of bench.needs ?? []) sharedFile(name, file);
  const threads = Array.from({ length: availableParallelism() }, (_, i) => i + 1);
  const result = await bench.run(threads);
  console.log(args.includes("--json") ? JSON.stringify(result) : JSON.stringify(result, null, 2));
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  // a named error is the user's to fix and needs no stack trace; anything else is a bug and keeps it
  if (!(e instanceof MtrecError)) throw e;
  console.error(e.message);
  process.exitCode = e.exitCode;
}
