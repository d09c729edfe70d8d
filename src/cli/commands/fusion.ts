import { type Command, InvalidArgumentError } from "commander";
import { encode } from "../../data/encode.js";
import { MtrecError } from "../../errors.js";
import { groupRequests, reorder, tuneFusion } from "../../fusion/index.js";
import { predict } from "../../train/evaluate.js";
import { loadModelDir } from "../../train/model-dir.js";
import { compileInference } from "../../train/programs.js";
import { transformsOf } from "../../weighting/registry.js";
import { fmt } from "../format.js";
import { list, nonNegativeInt, number, positiveInt } from "../options.js";

function values(v: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of list(v)) {
    const [k, w] = pair.split("=");
    const n = Number(w);
    if (!k || !Number.isFinite(n)) throw new InvalidArgumentError(`--values takes task=number pairs, got "${pair}"`);
    out[k] = n;
  }
  return out;
}

export function registerFusion(program: Command): void {
  const fusion = program.command("fusion").description("turn per-task scores into one ranking score, and find its weights");
  fusion
    .command("tune")
    .description("fusion weights that maximise the value of the fused top-K on logged requests")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "logged candidates with every task's label")
    .requiredOption("--request <column>", "the column that groups candidates into requests (a request or user id)")
    .option("--values <task=value,...>", "value of each action in the objective (default 1 each)", values)
    .option("--k <n>", "top K of each request that counts", positiveInt("--k"), 10)
    .option("--method <name>", "grid or cem", "cem")
    .option("--type <fusion>", "multiplicative, additive or rank", "multiplicative")
    .option("--steps <n>", "grid: points per task over [0, --max]", positiveInt("--steps"), 5)
    .option("--max <w>", "grid: the largest weight", number("--max", 0, 1e6), 2)
    .option("--rounds <n>", "cem: rounds", positiveInt("--rounds"), 15)
    .option("--seed <n>", "cem: seed", nonNegativeInt("--seed"), 1)
    .option("--json", 'print JSON: {"method", "weights": {"<task>": …}, "objective", "evaluations"}')
    .action(
      async (f: {
        model: string;
        data: string;
        request: string;
        values?: Record<string, number>;
        k: number;
        method: string;
        type: string;
        steps: number;
        max: number;
        rounds: number;
        seed: number;
        json?: boolean;
      }) => {
        if (f.method !== "grid" && f.method !== "cem")
          throw new MtrecError("BAD_ARGUMENT", `mtrec: --method ${f.method} is not grid or cem`);
        if (!["multiplicative", "additive", "rank"].includes(f.type))
          throw new MtrecError("BAD_ARGUMENT", `mtrec: --type ${f.type} is not multiplicative, additive or rank`);
        const { fitted, model, saved } = await loadModelDir(f.model);
        const binary = saved.tasks.filter((t) => t.type === "binary");
        const data = await encode({ path: f.data }, fitted, { keep: [f.request] });
        const infer = await compileInference(model, saved.tasks, { transforms: transformsOf(saved.config.lossWeighting) });
        const { scores } = await predict(infer, fitted, saved.tasks, data);
        const { order, requests } = groupRequests(data.keep?.[f.request] ?? []);
        const taskScores = Object.fromEntries(binary.map((t) => [t.name, reorder(scores[t.name] as Float32Array, order)]));
        const labels = Object.fromEntries(binary.map((t) => [t.name, reorder(data.labels[saved.tasks.indexOf(t)] as Float32Array, order)]));
        const r = await tuneFusion(
          { scores: taskScores, requests, labels },
          {
            method: f.method,
            fusion: f.type as "multiplicative",
            values: f.values ?? Object.fromEntries(binary.map((t) => [t.name, 1])),
            k: f.k,
            seed: f.seed,
            steps: f.steps,
            max: f.max,
            rounds: f.rounds,
          },
        );
        if (f.json) {
          console.log(
            JSON.stringify({ method: r.method, weights: r.weights, objective: r.objective, evaluations: r.evaluations, equal: r.equal }),
          );
          return;
        }
        const w = Object.entries(r.weights)
          .map(([k, v]) => `${k} ${fmt(v, 3)}`)
          .join(", ");
        console.log(
          `${r.method}: weights ${w}; value ${fmt(r.objective)} per request (equal weights ${fmt(r.equal)}), ${r.evaluations} evaluations`,
        );
      },
    );
}
