import { availableParallelism } from "node:os";
import { adult } from "./adult.js";
import { causal } from "./causal.js";
import { denseUpdate } from "./dense-update.js";
import { funnel } from "./funnel.js";
import { fusion } from "./fusion.js";
import { mlpStep } from "./mlp-step.js";
import { mmoeSynthetic } from "./mmoe-synthetic.js";
import { parity } from "./parity.js";
import type { BenchResult } from "./result.js";
import { train } from "./train.js";
import { weighting } from "./weighting.js";

const benches: Record<string, (threads: number[]) => Promise<BenchResult>> = {
  "mlp-step": mlpStep,
  "dense-update": denseUpdate,
  train,
  "mmoe-synthetic": mmoeSynthetic,
  parity,
  adult,
  funnel,
  fusion,
  weighting,
  causal,
};

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--"));
const json = args.includes("--json");
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.error(`mtrec bench: name one of: ${Object.keys(benches).join(", ")} (got ${name ?? "nothing"})`);
  process.exit(2);
}
const threads = Array.from({ length: availableParallelism() }, (_, i) => i + 1);
const result = await bench(threads);
console.log(json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
