import type { Command } from "commander";
import { encode } from "../../data/encode.js";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { predict } from "../../train/evaluate.js";
import { loadModelDir } from "../../train/model-dir.js";
import { compileInference } from "../../train/programs.js";
import { transformsOf } from "../../weighting/registry.js";
import { list, positiveInt } from "../options.js";
import { type DataFlags, dataOptions, sourceFrom } from "./train.js";

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function registerPredict(program: Command): void {
  const cmd = program
    .command("predict")
    .description("score rows with a trained model: one column per task (a probability for binary tasks)")
    .requiredOption("--model <dir>", "model directory written by mtrec train")
    .requiredOption("--data <file>", "rows to score (labels not needed)")
    .requiredOption("--out <file>", "CSV to write")
    .option("--keep <columns>", "columns to copy into the output (e.g. an id), comma-separated", list)
    .option("--threads <n>", "ONNX Runtime threads", positiveInt("--threads"));
  dataOptions(cmd).action(async (f: DataFlags & { model: string; data: string; out: string; keep?: string[]; threads?: number }) => {
    const { fitted, model, saved } = await loadModelDir(f.model);
    const data = await encode(sourceFrom(f.data, f), fitted, { keep: f.keep, labels: false });
    const infer = await compileInference(model, saved.tasks, { threads: f.threads, transforms: transformsOf(saved.config.lossWeighting) });
    const { scores } = await predict(infer, fitted, saved.tasks, data);
    const keep = f.keep ?? [];
    const lines = [[...keep, ...saved.tasks.map((t) => t.name)].map(csvField).join(",")];
    for (let r = 0; r < data.rows; r++) {
      const kept = keep.map((k) => csvField(data.keep?.[k]?.[r] ?? ""));
      lines.push([...kept, ...saved.tasks.map((t) => String((scores[t.name] as Float32Array)[r]))].join(","));
    }
    await writeFileAtomic(f.out, `${lines.join("\n")}\n`);
    console.log(`wrote ${data.rows.toLocaleString("en-US")} rows of scores for ${saved.tasks.map((t) => t.name).join(", ")} to ${f.out}`);
  });
}
